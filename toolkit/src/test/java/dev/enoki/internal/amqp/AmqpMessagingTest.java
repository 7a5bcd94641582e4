package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.enoki.Consume;
import dev.enoki.ContextData;
import dev.enoki.EnokiClient;
import dev.enoki.Publish;
import dev.enoki.PublishOptions;
import dev.enoki.Publisher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.UndeliverableMessage;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Consume} and {@code @Publish} on the real RabbitMQ: the queue and exchange declared as kombu declares
 * {@code Queue(name, Exchange(name), routing_key)}, a raw Nameko-style message consumed with its context data, the
 * per-message options of a publish seen on the raw message, a mandatory message with no route failing with
 * {@link UndeliverableMessage}, requeue-on-error giving a message another try, and an Enoki publisher reaching an
 * Enoki consumer with the caller's context data, and at most {@code max_workers} messages handed over at once.
 */
class AmqpMessagingTest {
    private static final Received RECEIVED = new Received();
    private static final AtomicInteger FLAKY_ATTEMPTS = new AtomicInteger();
    private static final AtomicInteger FRAGILE_ATTEMPTS = new AtomicInteger();
    private static final AtomicInteger SLOW_STARTED = new AtomicInteger();
    private static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer inbox;
    private static ServiceContainer outbox;
    private static ServiceContainer slow;

    static void received(String handler, Object payload) {
        RECEIVED.add(handler, payload);
    }

    static Object next(String handler) throws InterruptedException {
        return RECEIVED.next(handler);
    }

    @Service("msg_inbox")
    public static class Inbox {
        @ContextData("user_id")
        String userId;

        @Consume(queue = "msg_orders", exchange = "msg_x", routingKey = "orders")
        public void onOrder(Map<String, Object> order) {
            received("orders", Map.of("order", order, "user_id", String.valueOf(userId)));
        }

        @Consume(queue = "msg_flaky", exchange = "msg_x", routingKey = "flaky", requeueOnError = true)
        public void onFlaky(String body) {
            if (FLAKY_ATTEMPTS.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
            }
            received("flaky", body);
        }

        @Consume(queue = "msg_fragile", exchange = "msg_x", routingKey = "fragile")
        public void onFragile(String body) {
            FRAGILE_ATTEMPTS.incrementAndGet();
            throw new IllegalStateException("never works");
        }

        @Consume(queue = "msg_fanned", exchange = "msg_fan", exchangeType = "fanout")
        public void onFanned(String body) {
            received("fanned", body);
        }
    }

    /** One worker, held until the test lets it go. */
    @Service("msg_slow")
    public static class Slow {
        @Consume(queue = "msg_slow", exchange = "msg_x", routingKey = "slow")
        public void onSlow(String body) throws InterruptedException {
            SLOW_STARTED.incrementAndGet();
            RELEASE_SLOW.await(30, TimeUnit.SECONDS);
            received("slow", body);
        }
    }

    @Service("msg_outbox")
    public static class Outbox {
        @Publish(exchange = "msg_x", routingKey = "orders")
        Publisher orders;

        @Publish(exchange = "msg_topic", exchangeType = "topic")
        Publisher topic;

        @Rpc
        public void order(Map<String, Object> order) {
            orders.publish(order);
        }

        @Rpc
        public void withOptions(String body) {
            topic.publish(body, new PublishOptions().routingKey("opts.key").header("x-custom", "yes")
                    .header("count", 3).deliveryMode(PublishOptions.TRANSIENT).priority(7)
                    .expiration(Duration.ofSeconds(60)));
        }

        @Rpc
        public String unroutable(String body) {
            try {
                topic.publish(body, new PublishOptions().routingKey("nobody.listens").mandatory(true));
                return "delivered";
            } catch (UndeliverableMessage e) {
                return "undeliverable: " + e.routingKey();
            }
        }

        @Rpc
        public String routable(String body) {
            topic.publish(body, new PublishOptions().routingKey("opts.key").mandatory(true));
            return "delivered";
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        inbox = new ServiceContainer(Inbox.class, broker.config().put("max_deliveries", 3));
        outbox = new ServiceContainer(Outbox.class, broker.config());
        await(inbox.start(vertx));
        await(outbox.start(vertx));
        slow = new ServiceContainer(Slow.class, broker.config().put("max_workers", 1));
        await(slow.start(vertx));
    }

    @AfterAll
    static void stop() {
        RELEASE_SLOW.countDown();
        await(slow.stop());
        await(outbox.stop());
        await(inbox.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void queuesAndExchangesAreDeclaredAsKombuDeclaresThem() {
        Map<String, JsonObject> queues = broker.queues();
        for (String queue : List.of("msg_orders", "msg_flaky", "msg_fragile", "msg_fanned")) {
            JsonObject q = queues.get(queue);
            assertThat(q).as(queue).isNotNull();
            assertThat(q.getBoolean("durable")).as(queue + " durable").isTrue();
            assertThat(q.getBoolean("auto_delete")).as(queue + " auto_delete").isFalse();
            assertThat(q.getBoolean("exclusive")).as(queue + " exclusive").isFalse();
            assertThat(q.getJsonArray("arguments")).as(queue + " arguments").isEmpty();
        }
        Map<String, JsonObject> exchanges = broker.exchanges();
        assertExchange(exchanges, "msg_x", "direct");
        assertExchange(exchanges, "msg_fan", "fanout");
        assertExchange(exchanges, "msg_topic", "topic");
        List<String> bindings = broker.bindings().stream().map(b -> (JsonObject) b)
                .filter(b -> b.getString("source_name").startsWith("msg_")
                        && b.getString("destination_name").startsWith("msg_"))
                .map(b -> b.getString("source_name") + " -> " + b.getString("destination_name") + " : "
                        + b.getString("routing_key")).toList();
        assertThat(bindings).containsExactlyInAnyOrder("msg_x -> msg_orders : orders", "msg_x -> msg_flaky : flaky",
                "msg_x -> msg_fragile : fragile", "msg_x -> msg_slow : slow", "msg_fan -> msg_fanned : ");
    }

    private static void assertExchange(Map<String, JsonObject> exchanges, String name, String type) {
        JsonObject exchange = exchanges.get(name);
        assertThat(exchange).as(name).isNotNull();
        assertThat(exchange.getString("type")).as(name + " type").isEqualTo(type);
        assertThat(exchange.getBoolean("durable")).as(name + " durable").isTrue();
        assertThat(exchange.getBoolean("auto_delete")).as(name + " auto_delete").isFalse();
    }

    @Test
    void rawNamekoStyleMessageIsConsumedWithTheContextDataOfItsHeaders() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.basicPublish("msg_x", "orders", namekoMessage(Map.of("nameko.user_id", "u-raw")),
                "{\"sku\": \"mug\", \"n\": 2}".getBytes(StandardCharsets.UTF_8));

        assertThat(next("orders")).isEqualTo(Map.of("order", Map.of("sku", "mug", "n", 2), "user_id", "u-raw"));
    }

    @Test
    void messagesThatAreNotJsonAreDroppedAndTheNextOneIsHandled() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.basicPublish("msg_x", "orders", namekoMessage(Map.of()), "{not json".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("msg_x", "orders", new AMQP.BasicProperties.Builder().contentType("application/x-yaml")
                .build(), "sku: yaml".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("msg_x", "orders", namekoMessage(Map.of()),
                "{\"sku\": \"after\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(next("orders")).isEqualTo(Map.of("order", Map.of("sku", "after"), "user_id", "null"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> channel.messageCount("msg_orders") == 0 && broker.unacknowledged("msg_orders") == 0);
    }

    @Test
    void fanoutQueueBoundWithTheEmptyKeyTakesEveryMessage() throws Exception {
        broker.raw().createChannel().basicPublish("msg_fan", "any-key", namekoMessage(Map.of()),
                "\"fanned\"".getBytes(StandardCharsets.UTF_8));

        assertThat(next("fanned")).isEqualTo("fanned");
    }

    @Test
    void enokiPublisherReachesEnokiConsumerWithTheCallersContextData() throws Exception {
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            client.withContextData(Map.of("user_id", "u-42")).proxy("msg_outbox").call("order", Map.of("sku", "cup"));
        }

        assertThat(next("orders")).isEqualTo(Map.of("order", Map.of("sku", "cup"), "user_id", "u-42"));
    }

    @Test
    void perMessageOptionsAndContextHeadersAreOnThePublishedMessage() throws Exception {
        Channel channel = broker.raw().createChannel();
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, "msg_topic", "opts.#");
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            client.withContextData(Map.of("user_id", "u-opts")).proxy("msg_outbox").call("withOptions", "hello");
        }

        GetResponse message = awaitMessage(channel, queue);
        AMQP.BasicProperties properties = message.getProps();
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"hello\"");
        assertThat(message.getEnvelope().getRoutingKey()).isEqualTo("opts.key");
        assertThat(properties.getContentType()).isEqualTo("application/json");
        assertThat(properties.getContentEncoding()).isEqualTo("utf-8");
        assertThat(properties.getDeliveryMode()).isEqualTo(1);
        assertThat(properties.getPriority()).isEqualTo(7);
        assertThat(properties.getExpiration()).isEqualTo("60000");
        Map<String, Object> headers = properties.getHeaders();
        assertThat(headers.get("x-custom").toString()).isEqualTo("yes");
        assertThat(headers.get("count")).isEqualTo(3);
        assertThat(headers.get("nameko.user_id").toString()).isEqualTo("u-opts");
        List<?> stack = (List<?>) headers.get("nameko.call_id_stack");
        assertThat(stack.get(stack.size() - 1).toString()).startsWith("msg_outbox.withOptions.");
    }

    @Test
    void mandatoryMessageNoQueueTakesFailsWithUndeliverableMessage() {
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            assertThat(client.proxy("msg_outbox").call("unroutable", "lost"))
                    .isEqualTo("undeliverable: nobody.listens");
        }
    }

    @Test
    void mandatoryMessageAQueueTakesIsPublished() throws Exception {
        Channel channel = broker.raw().createChannel();
        String queue = channel.queueDeclare("", false, true, true, null).getQueue();
        channel.queueBind(queue, "msg_topic", "opts.key");
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            assertThat(client.proxy("msg_outbox").call("routable", "kept")).isEqualTo("delivered");
        }

        GetResponse message = awaitMessage(channel, queue);
        assertThat(new String(message.getBody(), StandardCharsets.UTF_8)).isEqualTo("\"kept\"");
    }

    @Test
    void consumerWithRequeueOnErrorGetsTheMessageAgain() throws Exception {
        broker.raw().createChannel().basicPublish("msg_x", "flaky", namekoMessage(Map.of()),
                "\"flaky-body\"".getBytes(StandardCharsets.UTF_8));

        assertThat(next("flaky")).isEqualTo("flaky-body");
        assertThat(FLAKY_ATTEMPTS.get()).isEqualTo(2);
    }

    @Test
    void consumerWithoutRequeueOnErrorDropsTheFailedMessageAfterOneTry() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.basicPublish("msg_x", "fragile", namekoMessage(Map.of()),
                "\"fragile-body\"".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(60)).until(() -> FRAGILE_ATTEMPTS.get() == 1);
        // Acknowledged, not given back: nothing waits in the queue or is held unacknowledged; then one more message
        // shows the consumer went on without trying the first again.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> channel.messageCount("msg_fragile") == 0 && broker.unacknowledged("msg_fragile") == 0);
        channel.basicPublish("msg_x", "fragile", namekoMessage(Map.of()), "\"second\"".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(60)).until(() -> FRAGILE_ATTEMPTS.get() >= 2);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> broker.unacknowledged("msg_fragile") == 0);
        assertThat(FRAGILE_ATTEMPTS.get()).isEqualTo(2);
        assertThat(broker.queues()).doesNotContainKey("msg_fragile.dead");
    }

    @Test
    void atMostMaxWorkersMessagesAreHandedOverUnacknowledgedAndTheRestWaitInTheQueue() throws Exception {
        Channel channel = broker.raw().createChannel();
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("msg_x", "slow", namekoMessage(Map.of()),
                    ("\"s" + i + "\"").getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> SLOW_STARTED.get() == 1
                && broker.unacknowledged("msg_slow") == 1 && channel.messageCount("msg_slow") == 2);
        RELEASE_SLOW.countDown();
        for (int i = 0; i < 3; i++) {
            assertThat(next("slow")).isNotNull();
        }
        assertThat(SLOW_STARTED.get()).isEqualTo(3);
    }

    private static GetResponse awaitMessage(Channel channel, String queue) {
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> (got[0] = channel.basicGet(queue, true)) != null);
        return got[0];
    }

    static AMQP.BasicProperties namekoMessage(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(headers).build();
    }
}
