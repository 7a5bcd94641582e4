package dev.enoki.internal.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.LongString;
import dev.enoki.Dispatcher;
import dev.enoki.EnokiClient;
import dev.enoki.EventDispatcher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.json.Json;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Enoki puts on the wire, field by field against the wire contract (NAMEKO-WIRE.md, examples in §11): exchange,
 * routing key, mandatory flag (read from the frames by a relay), properties, header names and their AMQP types
 * (a long string arrives as {@link LongString}, an array as a {@link List}), and bodies.
 */
class AmqpWireGoldenTest {
    private static final int TRANSIENT = 1;
    private static final int PERSISTENT = 2;
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static RabbitTestBroker broker;
    private static PublishSniffer sniffer;
    private static Vertx vertx;
    private static ServiceContainer calc;
    private static RawRpcClient raw;

    @Service("golden_calc")
    public static class GoldenCalc {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public int add(int a, int b) {
            return a + b;
        }

        @Rpc
        public void fail() {
            throw new IllegalArgumentException("bad value");
        }

        @Rpc
        public String fire(String payload) {
            dispatch.dispatch("golden_event", Map.of("hello", payload));
            return "fired";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = RabbitTestBroker.freshVhost();
        sniffer = new PublishSniffer();
        vertx = Vertx.vertx();
        calc = new ServiceContainer(GoldenCalc.class, broker.config(sniffer.port()));
        await(calc.start(vertx));
        raw = new RawRpcClient(broker.raw());
    }

    @AfterAll
    static void stop() throws Exception {
        await(calc.stop());
        await(vertx.close());
        sniffer.close();
        broker.close();
    }

    @Test
    void requestFromClientMatchesContractExample() throws Exception {
        BlockingQueue<Delivery> seen = new ArrayBlockingQueue<>(1);
        new RawNamekoService(broker.raw(), "golden_peer", request -> {
            seen.add(request);
            return "{\"result\": 3, \"error\": null}";
        });
        Map<String, Object> context = Map.of("language", "en-gb", "user_id", "u-42", "user_agent", "obs-client/1.0",
                "auth_token", "tok-xyz", "custom_key", "custom-value");
        long sentAt = System.currentTimeMillis();
        try (EnokiClient client = EnokiClient.connect(broker.config(sniffer.port()))) {
            assertThat(client.withContextData(context).proxy("golden_peer").call("add", Integer.class, 1, 2))
                    .isEqualTo(3);
        }
        Delivery request = seen.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(request.getEnvelope().getExchange()).isEqualTo("nameko-rpc");
        assertThat(request.getEnvelope().getRoutingKey()).isEqualTo("golden_peer.add");
        assertThat(sniffer.publishesTo("golden_peer.add"))
                .containsExactly(new PublishSniffer.Publish("nameko-rpc", "golden_peer.add", true));
        AMQP.BasicProperties p = request.getProperties();
        assertNamekoProperties(p, TRANSIENT);
        assertThat(p.getCorrelationId()).matches(UUID_PATTERN);
        // the reply queue's name, where Nameko's caller puts the bare uuid: a Nameko service routes either through
        // nameko-rpc, and an Enoki service can send the reply straight to the queue (DirectReplies)
        assertThat(p.getReplyTo()).matches("rpc\\.reply-standalone_rpc_proxy-" + UUID_PATTERN);
        Map<String, Object> headers = p.getHeaders();
        assertThat(headers.keySet()).containsExactlyInAnyOrder("nameko.language", "nameko.user_id",
                "nameko.user_agent", "nameko.auth_token", "nameko.custom_key", "nameko.call_id_stack",
                DeadlineHeader.NAME);
        // Enoki's one addition: the call's deadline, epoch milliseconds, as a header only (no per-message TTL), in text
        // that a Nameko service passing it on writes back in a form the Java client reads
        assertThat(headers.get(DeadlineHeader.NAME)).isInstanceOf(com.rabbitmq.client.LongString.class);
        assertThat(DeadlineHeader.read(headers)).isBetween(sentAt, sentAt + 31_000);
        assertLongString(headers.get("nameko.language"), "en-gb");
        assertLongString(headers.get("nameko.auth_token"), "tok-xyz");
        assertLongString(headers.get("nameko.custom_key"), "custom-value");
        assertThat(headers.get("nameko.call_id_stack")).isInstanceOf(List.class);
        List<?> stack = (List<?>) headers.get("nameko.call_id_stack");
        assertThat(stack).hasSize(1);
        assertThat(stack.get(0)).isInstanceOf(LongString.class);
        assertThat(stack.get(0).toString()).matches("standalone_rpc_proxy\\.call\\." + UUID_PATTERN);
        assertThat(body(request)).isEqualTo("{\"args\":[1,2],\"kwargs\":{}}");
        assertThat(Json.mapper().readTree(request.getBody()))
                .isEqualTo(Json.mapper().readTree("{\"args\": [1, 2], \"kwargs\": {}}"));
        assertReplyQueueDeclaredAsNameko(p.getReplyTo());
    }

    private static void assertReplyQueueDeclaredAsNameko(String queue) throws Exception {
        var declared = broker.queue(queue);
        assertThat(declared).isNotNull();
        assertThat(declared.getBoolean("durable")).isTrue();
        assertThat(declared.getBoolean("auto_delete")).isFalse();
        assertThat(declared.getBoolean("exclusive")).isFalse();
        // rabbitmqctl reports each argument as [name, AMQP type, value]
        assertThat(declared.getJsonArray("arguments").encode()).isEqualTo("[[\"x-expires\",\"signedint\",300000]]");
        assertThat(broker.bindings().stream().map(b -> (io.vertx.core.json.JsonObject) b)
                .filter(b -> queue.equals(b.getString("destination_name")) && "nameko-rpc".equals(b.getString("source_name"))))
                .extracting(b -> b.getString("routing_key")).containsExactly(queue);
        // Nameko's own declaration of the same queue is accepted as equivalent.
        broker.raw().createChannel().queueDeclare(queue, true, false, false, Map.of("x-expires", 300_000));
    }

    @Test
    void anEnokiCallersReplyGoesStraightToItsQueueThroughTheDefaultExchange() throws Exception {
        try (EnokiClient client = EnokiClient.connect(broker.config(sniffer.port()))) {
            assertThat(client.proxy("golden_calc").call("add", Integer.class, 2, 3)).isEqualTo(5);
        }
        // through the relay only golden_calc replies to an Enoki caller; the raw caller's reply_to is a bare uuid
        assertThat(sniffer.publishes()).filteredOn(p -> p.routingKey().startsWith("rpc.reply-standalone_rpc_proxy-"))
                .isNotEmpty().allMatch(p -> p.exchange().isEmpty() && !p.mandatory());
    }

    @Test
    void replyFromServiceMatchesContractExample() throws Exception {
        Delivery reply = raw.call("golden_calc.add", "{\"args\": [1, 2], \"kwargs\": {}}");
        assertThat(reply.getEnvelope().getExchange()).isEqualTo("nameko-rpc");
        assertThat(reply.getEnvelope().getRoutingKey()).isEqualTo(raw.replyTo());
        assertThat(sniffer.publishesTo(raw.replyTo())).isNotEmpty()
                .allMatch(p -> p.exchange().equals("nameko-rpc") && !p.mandatory());
        AMQP.BasicProperties p = reply.getProperties();
        assertNamekoProperties(p, TRANSIENT);
        assertThat(p.getHeaders()).isEmpty();
        assertThat(p.getReplyTo()).isNull();
        assertThat(body(reply)).isEqualTo("{\"result\":3,\"error\":null}");
    }

    @Test
    void replyKeepsTheRequestsCorrelationId() throws Exception {
        AMQP.BasicProperties request = raw.namekoProperties(Map.of()).build();
        Delivery reply = raw.send("golden_calc.add", request, "{\"args\":[2,2],\"kwargs\":{}}".getBytes())
                .get(10, TimeUnit.SECONDS);
        assertThat(reply.getProperties().getCorrelationId()).isEqualTo(request.getCorrelationId());
        assertThat(body(reply)).isEqualTo("{\"result\":4,\"error\":null}");
    }

    @Test
    void unknownMethodRepliesMethodNotFoundAsNameko() throws Exception {
        assertThat(error(raw.call("golden_calc.nope", "{\"args\": [], \"kwargs\": {}}"))).isEqualTo(Json.mapper().readTree(
                "{\"exc_type\": \"MethodNotFound\", \"exc_path\": \"nameko.exceptions.MethodNotFound\", "
                        + "\"exc_args\": [\"nope\"], \"value\": \"nope\"}"));
    }

    @Test
    void wrongArityRepliesIncorrectSignatureAsNameko() throws Exception {
        JsonNode error = error(raw.call("golden_calc.add", "{\"args\": [1, 2, 3], \"kwargs\": {}}"));
        assertThat(error.get("exc_type").asText()).isEqualTo("IncorrectSignature");
        assertThat(error.get("exc_path").asText()).isEqualTo("nameko.exceptions.IncorrectSignature");
        assertThat(error.get("value").asText()).isEqualTo("add() takes 2 positional arguments but 3 were given");
        assertThat(error.get("exc_args")).containsExactly(error.get("value"));
    }

    @Test
    void bodyWithoutArgsRepliesMalformedRequestAsNameko() throws Exception {
        assertThat(error(raw.call("golden_calc.add", "{\"foo\": 1}"))).isEqualTo(Json.mapper().readTree(
                "{\"exc_type\": \"MalformedRequest\", \"exc_path\": \"nameko.exceptions.MalformedRequest\", "
                        + "\"exc_args\": [\"Message missing `args` or `kwargs`\"], "
                        + "\"value\": \"Message missing `args` or `kwargs`\"}"));
    }

    @Test
    void raisedExceptionRepliesWithItsErrorDict() throws Exception {
        Delivery reply = raw.call("golden_calc.fail", "{\"args\": [], \"kwargs\": {}}");
        assertThat(Json.mapper().readTree(reply.getBody())).isEqualTo(Json.mapper().readTree(
                "{\"result\": null, \"error\": {\"exc_type\": \"IllegalArgumentException\", "
                        + "\"exc_path\": \"java.lang.IllegalArgumentException\", \"exc_args\": [\"bad value\"], "
                        + "\"value\": \"bad value\"}}"));
    }

    @Test
    void eventFromWorkerMatchesContractExample() throws Exception {
        Channel channel = broker.raw().createChannel();
        channel.exchangeDeclare("golden_calc.events", BuiltinExchangeType.TOPIC, true, false, false, null);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, "golden_calc.events", "golden_event");
        BlockingQueue<Delivery> events = new ArrayBlockingQueue<>(1);
        channel.basicConsume(queue, true, (tag, d) -> events.add(d), tag -> { });

        raw.call("golden_calc.fire", "{\"args\": [\"event\"], \"kwargs\": {}}",
                Map.of("nameko.call_id_stack", List.of("standalone_rpc_proxy.call.7ac8f136"),
                        "nameko.language", "en-gb"));

        Delivery event = events.poll(5, TimeUnit.SECONDS);
        assertThat(event).isNotNull();
        assertThat(event.getEnvelope().getExchange()).isEqualTo("golden_calc.events");
        assertThat(event.getEnvelope().getRoutingKey()).isEqualTo("golden_event");
        assertThat(sniffer.publishesTo("golden_event"))
                .containsExactly(new PublishSniffer.Publish("golden_calc.events", "golden_event", false));
        AMQP.BasicProperties p = event.getProperties();
        assertNamekoProperties(p, PERSISTENT);
        // The one property Nameko does not set: a message id per dispatch, which a redelivery keeps.
        assertThat(p.getMessageId()).matches(UUID_PATTERN);
        assertThat(p.getCorrelationId()).isNull();
        assertThat(p.getReplyTo()).isNull();
        assertThat(p.getHeaders().keySet()).containsExactlyInAnyOrder("nameko.language", "nameko.call_id_stack");
        assertLongString(p.getHeaders().get("nameko.language"), "en-gb");
        List<?> stack = (List<?>) p.getHeaders().get("nameko.call_id_stack");
        assertThat(stack).allMatch(id -> id instanceof LongString);
        assertThat(stack.get(0).toString()).isEqualTo("standalone_rpc_proxy.call.7ac8f136");
        assertThat(stack.get(1).toString()).matches("golden_calc\\.fire\\." + UUID_PATTERN);
        assertThat(body(event)).isEqualTo("{\"hello\":\"event\"}");
    }

    /** RPC requests and replies are transient, events persistent (NAMEKO-WIRE.md §3); events have a message id. */
    private static void assertNamekoProperties(AMQP.BasicProperties p, int deliveryMode) {
        assertThat(p.getContentType()).isEqualTo("application/json");
        assertThat(p.getContentEncoding()).isEqualTo("utf-8");
        assertThat(p.getDeliveryMode()).isEqualTo(deliveryMode);
        assertThat(p.getPriority()).isEqualTo(0);
        assertThat(p.getHeaders()).isNotNull();
        assertThat(p.getExpiration()).isNull();
        if (deliveryMode != PERSISTENT) {
            assertThat(p.getMessageId()).isNull();
        }
        assertThat(p.getTimestamp()).isNull();
        assertThat(p.getType()).isNull();
        assertThat(p.getUserId()).isNull();
        assertThat(p.getAppId()).isNull();
    }

    private static void assertLongString(Object header, String value) {
        assertThat(header).isInstanceOf(LongString.class);
        assertThat(header.toString()).isEqualTo(value);
    }

    private static String body(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }

    private static JsonNode error(Delivery reply) throws Exception {
        JsonNode root = Json.mapper().readTree(reply.getBody());
        assertThat(root.get("result").isNull()).isTrue();
        return root.get("error");
    }
}
