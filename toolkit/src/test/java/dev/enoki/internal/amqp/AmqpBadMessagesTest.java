package dev.enoki.internal.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.json.Json;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests and events Nameko chokes on (NAMEKO-WIRE.md §6.6) never crash an Enoki container nor block its queue: one that
 * says where to reply gets a MalformedRequest, one that does not is acked and dropped, bad events are dropped, and
 * the next good message goes through.
 */
class AmqpBadMessagesTest {
    private static final byte[] TEN_MEGABYTES = tenMegabyteBody();
    private static final BlockingQueue<String> EVENTS = new ArrayBlockingQueue<>(10);
    private static final AtomicInteger ECHO_WORKERS = new AtomicInteger();
    private static final BlockingQueue<Throwable> EVENT_ERRORS = new ArrayBlockingQueue<>(10);

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer service;
    private static RawRpcClient raw;
    private static Channel channel;

    @Service("bad_svc")
    public static class Target {
        @Rpc
        public String echo(String text) {
            return text;
        }

        @EventHandler(source = "bad_src", event = "bad_evt")
        public void onEvent(String payload) {
            EVENTS.add(payload);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        service = new ServiceContainer(Target.class, broker.config());
        service.addWorkerListener(new WorkerListener() {
            @Override
            public void workerStarted(WorkerContext worker) {
                ECHO_WORKERS.incrementAndGet();
            }

            @Override
            public void workerFinished(WorkerContext worker, Object result, Throwable error) {
                if (error != null && worker.methodName().equals("onEvent")) {
                    EVENT_ERRORS.add(error);
                }
            }
        });
        await(service.start(vertx));
        raw = new RawRpcClient(broker.raw());
        channel = broker.raw().createChannel();
    }

    @AfterAll
    static void stop() {
        await(service.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void requestWithoutReplyToIsDroppedUnrunAndTheQueueFlowsOn() throws Exception {
        int workersBefore = ECHO_WORKERS.get();
        AMQP.BasicProperties noReplyTo = raw.namekoProperties(Map.of()).replyTo(null).build();
        raw.send("bad_svc.echo", noReplyTo, "{\"args\": [\"lost\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8));
        assertEchoStillAnswers();
        assertThat(ECHO_WORKERS.get()).isEqualTo(workersBefore + 1);
        assertThat(broker.queue("rpc-bad_svc").getJsonArray("arguments")).isEmpty();
    }

    @Test
    void requestWithoutContentTypeRepliesMalformedRequest() throws Exception {
        assertMalformed(raw.namekoProperties(Map.of()).contentType(null).build(),
                "{\"args\": [\"x\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8), "no content_type");
    }

    @Test
    void requestWithForeignContentTypeRepliesMalformedRequest() throws Exception {
        assertMalformed(raw.namekoProperties(Map.of()).contentType("application/x-yaml").build(),
                "args: [x]\nkwargs: {}\n".getBytes(StandardCharsets.UTF_8), "application/x-yaml");
    }

    @Test
    void requestWithInvalidJsonRepliesMalformedRequest() throws Exception {
        assertMalformed(raw.namekoProperties(Map.of()).build(), "{\"args\": [".getBytes(StandardCharsets.UTF_8),
                "Invalid JSON");
    }

    @Test
    void tenMegabyteRequestRepliesMalformedRequest() throws Exception {
        assertMalformed(raw.namekoProperties(Map.of()).build(), TEN_MEGABYTES, "max_message_size");
    }

    @Test
    void requestNestedDeeperThanTheJsonLimitRepliesMalformedRequest() throws Exception {
        String deep = "{\"args\": [" + "[".repeat(300) + "]".repeat(300) + "], \"kwargs\": {}}";
        assertMalformed(raw.namekoProperties(Map.of()).build(), deep.getBytes(StandardCharsets.UTF_8), "nesting depth");
    }

    @Test
    void badEventsAreDroppedAndTheNextEventIsHandled() throws Exception {
        AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).headers(Map.of()).build();
        channel.basicPublish("bad_src.events", "bad_evt", new AMQP.BasicProperties(), "\"no type\"".getBytes());
        channel.basicPublish("bad_src.events", "bad_evt", json.builder().contentType("text/plain").build(), "plain".getBytes());
        channel.basicPublish("bad_src.events", "bad_evt", json, "{not json".getBytes());
        channel.basicPublish("bad_src.events", "bad_evt", json, TEN_MEGABYTES);
        channel.basicPublish("bad_src.events", "bad_evt", json, ("[".repeat(300) + "]".repeat(300)).getBytes());
        channel.basicPublish("bad_src.events", "bad_evt", json, "\"good\"".getBytes());
        assertThat(EVENTS.poll(20, TimeUnit.SECONDS)).isEqualTo("good");
        assertThat(EVENTS).isEmpty();
        assertThat(service.isRunning()).isTrue();
    }

    @Test
    void eventPayloadBrokenPastItsFirstTokenIsMalformedNotAWrongSignature() throws Exception {
        AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType("application/json")
                .deliveryMode(2).headers(Map.of()).build();
        EVENT_ERRORS.clear();
        channel.basicPublish("bad_src.events", "bad_evt", json, "{\"half\": [1,".getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("bad_src.events", "bad_evt", json,
                ("[".repeat(500) + "]".repeat(500)).getBytes(StandardCharsets.UTF_8));
        channel.basicPublish("bad_src.events", "bad_evt", json, "{\"whole\": 1}".getBytes(StandardCharsets.UTF_8));
        java.util.List<String> errors = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Throwable error = EVENT_ERRORS.poll(20, TimeUnit.SECONDS);
            assertThat(error).isNotNull();
            errors.add(error.getClass().getSimpleName());
        }
        assertThat(errors).containsExactlyInAnyOrder("MalformedRequest", "MalformedRequest", "IncorrectSignature");
    }

    private static void assertMalformed(AMQP.BasicProperties properties, byte[] body, String reason) throws Exception {
        Delivery reply = raw.send("bad_svc.echo", properties, body).get(20, TimeUnit.SECONDS);
        assertThat(reply.getProperties().getContentType()).isEqualTo("application/json");
        assertThat(reply.getProperties().getCorrelationId()).isEqualTo(properties.getCorrelationId());
        JsonNode error = Json.mapper().readTree(reply.getBody()).get("error");
        assertThat(error.get("exc_path").asText()).isEqualTo("nameko.exceptions.MalformedRequest");
        assertThat(error.get("value").asText()).contains(reason);
        assertEchoStillAnswers();
    }

    private static void assertEchoStillAnswers() throws Exception {
        Delivery reply = raw.call("bad_svc.echo", "{\"args\": [\"still here\"], \"kwargs\": {}}");
        assertThat(RawRpcClient.bodyOf(reply)).isEqualTo("{\"result\":\"still here\",\"error\":null}");
        assertThat(service.isRunning()).isTrue();
    }

    private static byte[] tenMegabyteBody() {
        byte[] text = new byte[10 * 1024 * 1024];
        Arrays.fill(text, (byte) 'a');
        byte[] prefix = "{\"args\": [\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"], \"kwargs\": {}}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, text, 0, prefix.length);
        System.arraycopy(suffix, 0, text, text.length - suffix.length, suffix.length);
        return text;
    }
}
