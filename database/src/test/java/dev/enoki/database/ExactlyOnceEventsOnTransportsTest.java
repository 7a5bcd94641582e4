package dev.enoki.database;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.HandlerType;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testsupport.RabbitVhost;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EventHandler(exactlyOnce = true)} through the transports: Enoki's dispatcher gives every event a message
 * id, a redelivery keeps it (sent again to the handler's own queue or address, as RabbitMQ and the event bus do), and
 * the handler's records are its own, apart from another service's handler of the same event.
 */
class ExactlyOnceEventsOnTransportsTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private RabbitVhost vhost;
    private DatabaseContainers containers;
    private TestDatabase database;
    private ContainerFactory factory;
    private com.rabbitmq.client.Connection rabbit;
    private Channel channel;
    private String transport;

    /** The containers of {@code services} on one database, over {@code transport} ("eventbus" or "amqp"). */
    private List<ServiceContainer> start(String transport, String kind, Class<?>... services) throws Exception {
        StockService.TAKEN.set(0);
        AuditService.RECORDED.set(0);
        this.transport = transport;
        JsonObject config = new JsonObject().put("max_workers", 4);
        if (transport.equals("amqp")) {
            vhost = RabbitVhost.create("enoki-exactly-once-events-");
            config.put("AMQP_URI", vhost.uri());
            ConnectionFactory connections = new ConnectionFactory();
            connections.setUri(vhost.uri());
            rabbit = connections.newConnection();
            channel = rabbit.createChannel();
        }
        containers = DatabaseContainers.open(kind, config);
        database = containers.database;
        factory = containers.factory;
        return Arrays.stream(services).map(factory::start).toList();
    }

    @AfterEach
    void close() throws Exception {
        if (containers != null) {
            containers.close();
        }
        if (rabbit != null) {
            rabbit.close();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    /** Hands {@code stock.<method>} the event {@code orders.<event>} again, as its transport does after a failure. */
    private void deliverAgain(String event, String method, String messageId, String sku) throws Exception {
        byte[] body = ("\"" + sku + "\"").getBytes(StandardCharsets.UTF_8);
        if (transport.equals("amqp")) {
            AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .contentEncoding("utf-8").deliveryMode(2).priority(0).headers(Map.of());
            String queue = new EventSubscription("orders", event, "stock", method, HandlerType.SERVICE_POOL, true,
                    false, "").queue();
            channel.basicPublish("", queue, properties.messageId(messageId).build(), body);
        } else {
            DeliveryOptions headers = new DeliveryOptions();
            if (messageId != null) {
                headers.addHeader("enoki-message-id", messageId);
            }
            factory.vertx().eventBus().send("enoki.event.orders." + event + ".pool.stock." + method,
                    Buffer.buffer(body), headers);
        }
    }

    /** The delivery id of each worker of {@code container} as it finishes, with the type of what it raised. */
    private static Queue<String> finished(ServiceContainer container) {
        Queue<String> ids = new ConcurrentLinkedQueue<>();
        container.addWorkerListener(new WorkerListener() {
            @Override
            public void workerFinished(WorkerContext worker, Object result, Throwable error) {
                ids.add(worker.deliveryId() + (error == null ? "" : " raised " + error.getClass().getSimpleName()));
            }
        });
        return ids;
    }

    @ParameterizedTest
    @CsvSource({"eventbus, h2", "eventbus, postgresql", "amqp, h2", "amqp, postgresql"})
    void dispatchedEventDeliveredAgainRunsOnceInEachHandlingService(String transport, String kind) throws Exception {
        List<ServiceContainer> containers = start(transport, kind, StockService.class, AuditService.class);
        Queue<String> stock = finished(containers.get(0));
        Queue<String> audit = finished(containers.get(1));

        factory.client().dispatch("orders", "order_placed", "mug");
        await().atMost(WAIT).until(() -> stock.size() == 1 && audit.size() == 1);
        String delivered = stock.peek();
        assertThat(delivered).startsWith("evt-orders-order_placed--stock.take/");
        String messageId = delivered.substring(delivered.indexOf('/') + 1);
        assertThat(messageId).isNotBlank();
        assertThat(audit.peek()).isEqualTo("evt-orders-order_placed--audit.record/" + messageId);

        deliverAgain("order_placed", "take", messageId, "mug");
        await().atMost(WAIT).until(() -> stock.size() == 2);

        assertThat(stock).containsOnly(delivered);
        assertThat(StockService.TAKEN).hasValue(1);
        assertThat(AuditService.RECORDED).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(2);
        assertThat(database.rows("enoki_exactly_once")).as("one record per handler").isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({"eventbus, h2", "eventbus, postgresql", "amqp, h2", "amqp, postgresql"})
    void twoDeliveriesOfOneEventAtOnceCommitOnce(String transport, String kind) throws Exception {
        Queue<String> stock = finished(start(transport, kind, StockService.class).get(0));
        String messageId = UUID.randomUUID().toString();

        deliverAgain("order_held", "takeWhenReleased", messageId, "mug");
        Gate.awaitEntered();
        deliverAgain("order_held", "takeWhenReleased", messageId, "mug");
        Thread.sleep(500);   // for the second to reach the first one's claim; it passes the same way if it did not
        assertThat(stock).as("the second waits on the first one's claim").isEmpty();
        Gate.open();
        await().atMost(WAIT).until(() -> stock.size() == 2);

        assertThat(stock).as("the second found the first one's record").containsOnly(
                "evt-orders-order_held--stock.take_when_released/" + messageId);
        assertThat(StockService.TAKEN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
        assertThat(database.rows("enoki_exactly_once")).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"eventbus, h2", "eventbus, postgresql", "amqp, h2", "amqp, postgresql"})
    void failedEventLeavesNoRecordSoItsRedeliveryRunsAgain(String transport, String kind) throws Exception {
        Queue<String> stock = finished(start(transport, kind, StockService.class).get(0));
        String messageId = UUID.randomUUID().toString();

        deliverAgain("order_broken", "takeThenFail", messageId, "mug");
        await().atMost(WAIT).until(() -> stock.size() == 1);
        deliverAgain("order_broken", "takeThenFail", messageId, "mug");
        await().atMost(WAIT).until(() -> stock.size() == 2);

        assertThat(stock).containsOnly(
                "evt-orders-order_broken--stock.take_then_fail/" + messageId + " raised IllegalStateException");
        assertThat(StockService.TAKEN).hasValue(2);
        assertThat(database.rows("entries")).isZero();
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }

    /** Nameko's dispatchers set no message id: such an event runs each time it comes, as without exactlyOnce. */
    @Test
    void namekoEventWithoutMessageIdIsHandledAtLeastOnce() throws Exception {
        Queue<String> stock = finished(start("amqp", "postgresql", StockService.class).get(0));

        deliverAgain("order_placed", "take", null, "mug");
        deliverAgain("order_placed", "take", null, "mug");
        await().atMost(WAIT).until(() -> stock.size() == 2);

        assertThat(stock).containsOnly("null");
        assertThat(StockService.TAKEN).hasValue(2);
        assertThat(database.rows("entries")).isEqualTo(2);
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }
}
