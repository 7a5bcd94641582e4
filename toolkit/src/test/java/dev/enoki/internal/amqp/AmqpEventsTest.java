package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import dev.enoki.Dispatcher;
import dev.enoki.EnokiClient;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events between Enoki and raw Nameko-style peers: a raw publisher reaches Enoki handlers of all three types on
 * queues named and declared as Nameko's (checked through the broker), an Enoki dispatch reaches a raw consumer of a
 * Nameko handler queue, and a handler with requeue-on-error gets its event again.
 */
class AmqpEventsTest {
    private static final Received RECEIVED = new Received();
    private static final AtomicInteger FLAKY_ATTEMPTS = new AtomicInteger();
    private static final AtomicInteger POISON_ATTEMPTS = new AtomicInteger();
    private static final Map<String, AtomicInteger> JOBS_HANDLED = new ConcurrentHashMap<>();
    private static final int MAX_DELIVERIES = 3;

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer sink;
    private static ServiceContainer source;
    private static ServiceContainer jobs;

    static void received(String handler, Object payload) {
        RECEIVED.add(handler, payload);
    }

    static Object next(String handler) throws InterruptedException {
        return RECEIVED.next(handler);
    }

    @Service("ev_sink")
    public static class Sink {
        @EventHandler(source = "ev_src", event = "ev_happened")
        public void onPool(Map<String, Object> payload) {
            received("pool", payload);
        }

        @EventHandler(source = "ev_src", event = "ev_happened", type = HandlerType.SINGLETON)
        public void onSingleton(Map<String, Object> payload) {
            received("singleton", payload);
        }

        @EventHandler(source = "ev_src", event = "ev_happened", type = HandlerType.BROADCAST, reliableDelivery = false)
        public void onBroadcast(Map<String, Object> payload) {
            received("broadcast", payload);
        }

        @EventHandler(source = "ev_src", event = "ev_happened", type = HandlerType.BROADCAST,
                broadcastIdentifier = "fixedhost")
        public void onFixedBroadcast(Map<String, Object> payload) {
            received("fixed", payload);
        }

        @EventHandler(source = "ev_src", event = "ev_transient", reliableDelivery = false)
        public void onTransient(String payload) {
            received("transient", payload);
        }

        @EventHandler(source = "ev_src", event = "ev_flaky", requeueOnError = true)
        public void onFlaky(String payload) {
            if (FLAKY_ATTEMPTS.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
            }
            received("flaky", payload);
        }
    }

    /** A handler whose every try fails for one event, in a queue of its own so that event sits among others. */
    @Service("ev_jobs")
    public static class Jobs {
        @EventHandler(source = "ev_src", event = "ev_job", requeueOnError = true)
        public void onJob(String job) {
            if (job.equals("poison")) {
                POISON_ATTEMPTS.incrementAndGet();
                throw new IllegalStateException("this job never works");
            }
            JOBS_HANDLED.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Service("ev_src")
    public static class Source {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public void fire(String payload) {
            dispatch.dispatch("ev_other", Map.of("payload", payload));
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        sink = new ServiceContainer(Sink.class, broker.config());
        source = new ServiceContainer(Source.class, broker.config());
        await(sink.start(vertx));
        await(source.start(vertx));
        jobs = new ServiceContainer(Jobs.class, broker.config().put("max_deliveries", MAX_DELIVERIES).put("max_workers", 1));
        await(jobs.start(vertx));
    }

    @AfterAll
    static void stop() {
        await(jobs.stop());
        await(source.stop());
        await(sink.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void rawEventReachesEachHandlerTypeOnceOnNamekosQueues() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.basicPublish("ev_src.events", "ev_happened", namekoEvent(), "{\"n\": 1}".getBytes(StandardCharsets.UTF_8));

        for (String handler : List.of("pool", "singleton", "broadcast", "fixed")) {
            assertThat(next(handler)).as(handler).isEqualTo(Map.of("n", 1));
        }
        Map<String, JsonObject> queues = broker.queues();
        assertQueue(queues, "evt-ev_src-ev_happened--ev_sink.on_pool", false, false);
        assertQueue(queues, "evt-ev_src-ev_happened", false, false);
        assertQueue(queues, "evt-ev_src-ev_happened--ev_sink.on_fixed_broadcast-fixedhost", false, false);
        assertQueue(queues, "evt-ev_src-ev_transient--ev_sink.on_transient", true, false);
        JsonObject broadcast = queues.get(broadcastQueue());
        assertThat(broadcast.getBoolean("exclusive")).isTrue();
        assertThat(broadcast.getBoolean("auto_delete")).isTrue();
        assertThat(broadcastQueue()).matches("evt-ev_src-ev_happened--ev_sink\\.on_broadcast-[0-9a-f]{32}");
        List<String> bound = broker.bindings().stream().map(b -> (JsonObject) b)
                .filter(b -> "ev_src.events".equals(b.getString("source_name")) && "ev_happened".equals(b.getString("routing_key")))
                .map(b -> b.getString("destination_name")).toList();
        assertThat(bound).containsExactlyInAnyOrder("evt-ev_src-ev_happened--ev_sink.on_pool", "evt-ev_src-ev_happened",
                "evt-ev_src-ev_happened--ev_sink.on_fixed_broadcast-fixedhost", broadcastQueue());
    }

    private static String broadcastQueue() {
        return sink.record().subscriptions().stream()
                .filter(s -> s.method().equals("onBroadcast")).findFirst()
                .map(Topology::eventQueue).orElseThrow();
    }

    private static void assertQueue(Map<String, JsonObject> queues, String name, boolean autoDelete, boolean exclusive) {
        JsonObject queue = queues.get(name);
        assertThat(queue).as(name).isNotNull();
        assertThat(queue.getBoolean("durable")).as(name + " durable").isTrue();
        assertThat(queue.getBoolean("auto_delete")).as(name + " auto_delete").isEqualTo(autoDelete);
        assertThat(queue.getBoolean("exclusive")).as(name + " exclusive").isEqualTo(exclusive);
        assertThat(queue.getJsonArray("arguments")).as(name + " arguments").isEmpty();
    }

    @Test
    void enokiDispatchReachesRawNamekoHandlerQueueWithContext() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.exchangeDeclare("ev_src.events", BuiltinExchangeType.TOPIC, true, false, false, null);
        String queue = "evt-ev_src-ev_other--py_svc.handle";
        channel.queueDeclare(queue, true, false, false, null);
        channel.queueBind(queue, "ev_src.events", "ev_other");
        BlockingQueue<Delivery> events = new ArrayBlockingQueue<>(1);
        channel.basicConsume(queue, false, (tag, d) -> {
            events.add(d);
            channel.basicAck(d.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });

        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            client.withContextData(Map.of("user_id", "u-42")).proxy("ev_src").call("fire", "hi");
        }

        Delivery event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(new String(event.getBody(), StandardCharsets.UTF_8)).isEqualTo("{\"payload\":\"hi\"}");
        assertThat(event.getProperties().getHeaders().get("nameko.user_id").toString()).isEqualTo("u-42");
        List<?> stack = (List<?>) event.getProperties().getHeaders().get("nameko.call_id_stack");
        assertThat(stack.get(stack.size() - 1).toString()).startsWith("ev_src.fire.");
    }

    @Test
    void handlerWithRequeueOnErrorGetsTheEventAgain() throws Exception {
        broker.raw().createChannel().basicPublish("ev_src.events", "ev_flaky", namekoEvent(),
                "\"flaky-payload\"".getBytes(StandardCharsets.UTF_8));
        assertThat(next("flaky")).isEqualTo("flaky-payload");
        assertThat(FLAKY_ATTEMPTS.get()).isEqualTo(2);
    }

    @Test
    void alwaysFailingEventEndsInItsDeadLetterQueueAfterMaxDeliveriesWhileTheEventsBehindItAreHandled()
            throws Exception {
        String queue = "evt-ev_src-ev_job--ev_jobs.on_job";
        Channel channel = broker.raw().createChannel();
        channel.confirmSelect();
        channel.basicPublish("ev_src.events", "ev_job", namekoEvent(), "\"poison\"".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            channel.basicPublish("ev_src.events", "ev_job", namekoEvent(),
                    ("\"job-" + i + "\"").getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(10_000);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> messagesIn(channel.getConnection(), queue + ".dead") == 1 && JOBS_HANDLED.size() == 20);
        com.rabbitmq.client.GetResponse dead = channel.basicGet(queue + ".dead", true);
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"poison\"");
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(BoundedRetry.DELIVERIES)).isEqualTo(MAX_DELIVERIES);
        assertThat(headers.get(BoundedRetry.FIRST_EXCHANGE).toString()).isEqualTo("ev_src.events");
        assertThat(headers.get(BoundedRetry.FIRST_ROUTING_KEY).toString()).isEqualTo("ev_job");
        assertThat(dead.getProps().getContentType()).isEqualTo("application/json");
        assertThat(POISON_ATTEMPTS.get()).isEqualTo(MAX_DELIVERIES);
        assertThat(JOBS_HANDLED.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(channel.messageCount(queue)).isZero();
        // Nameko declares the handler queue durable with no arguments; RabbitMQ still takes that declaration.
        channel.queueDeclare(queue, true, false, false, null);
        assertThat(broker.queue(queue).getJsonArray("arguments")).isEmpty();
    }

    /** How many messages wait in a queue, or -1 while it does not exist (a failed passive declare closes its channel). */
    private static long messagesIn(com.rabbitmq.client.Connection connection, String queue) throws Exception {
        Channel channel = connection.createChannel();
        try {
            return channel.messageCount(queue);
        } catch (java.io.IOException absent) {
            return -1;
        } finally {
            if (channel.isOpen()) {
                channel.close();
            }
        }
    }

    private static AMQP.BasicProperties namekoEvent() {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(Map.of()).build();
    }
}
