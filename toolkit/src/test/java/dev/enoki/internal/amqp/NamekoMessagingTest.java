package dev.enoki.internal.amqp;

import dev.enoki.Consume;
import dev.enoki.ContextData;
import dev.enoki.EnokiClient;
import dev.enoki.Publish;
import dev.enoki.Publisher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.testsupport.NamekoProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain messaging between Enoki and a real Nameko 2.14.1: a Nameko {@code Publisher} reaches an Enoki
 * {@code @Consume} and an Enoki {@code Publisher} a Nameko {@code @consume}, with the caller's context data (user id
 * and call id stack) carried both ways. Both sides declare the same exchanges with kombu's defaults; RabbitMQ would
 * refuse the second declaration, and Nameko would not start, if Enoki's flags differed.
 */
class NamekoMessagingTest {
    private static final BlockingQueue<Map<String, Object>> JAVA_INBOX = new ArrayBlockingQueue<>(10);
    private static final String PYTHON_SERVICE = """
            import json

            from kombu import Exchange, Queue
            from nameko.contextdata import UserId
            from nameko.messaging import Publisher, consume
            from nameko.rpc import rpc

            TO_JAVA = Exchange("nk_to_java")
            TO_PYTHON = Exchange("nk_to_python")


            class PyMessaging:
                name = "py_messaging"
                publish = Publisher(exchange=TO_JAVA)
                user_id = UserId()

                @rpc
                def ping(self):
                    return "pong"

                @rpc
                def send(self, payload):
                    self.publish(payload, routing_key="java")

                @consume(Queue("nk_python_inbox", exchange=TO_PYTHON, routing_key="python"))
                def inbox(self, body):
                    print("PY-INBOX " + json.dumps({"body": body, "user_id": self.user_id}), flush=True)
            """;

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer java;
    private static NamekoProcess nameko;

    @Service("java_messaging")
    public static class JavaMessaging {
        @ContextData
        WorkerContext worker;

        @Publish(exchange = "nk_to_python", routingKey = "python")
        Publisher toPython;

        @Consume(queue = "nk_java_inbox", exchange = "nk_to_java", routingKey = "java")
        public void inbox(Map<String, Object> body) {
            JAVA_INBOX.add(Map.of("body", body, "user_id", String.valueOf(worker.userId()),
                    "call_id_stack", worker.callIdStack()));
        }

        @Rpc
        public void send(Map<String, Object> payload) {
            toPython.publish(payload);
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        java = new ServiceContainer(JavaMessaging.class, broker.config());
        await(java.start(vertx));
        nameko = NamekoProcess.run(dir, "py_messaging_service", PYTHON_SERVICE, broker.config().getString("AMQP_URI"));
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            // Nameko's consumers (its RPC queue and the @consume queue) start together: once ping answers, both run.
            org.awaitility.Awaitility.await("Nameko answers").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> "pong".equals(client.proxy("py_messaging").call("ping")));
        }
    }

    @AfterAll
    static void stop() {
        if (nameko != null) {
            nameko.close();
        }
        if (java != null) {
            await(java.stop());
            await(vertx.close());
            broker.close();
        }
    }

    @Test
    void namekoPublisherReachesEnokiConsumeWithTheCallersContextData() throws Exception {
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            client.withContextData(Map.of("user_id", "u-from-java-client")).proxy("py_messaging")
                    .call("send", Map.of("greeting", "hello from Nameko"));
        }

        Map<String, Object> got = JAVA_INBOX.poll(30, TimeUnit.SECONDS);
        assertThat(got).as("Nameko output: %s", nameko.output()).isNotNull();
        assertThat(got.get("body")).isEqualTo(Map.of("greeting", "hello from Nameko"));
        assertThat(got.get("user_id")).isEqualTo("u-from-java-client");
        List<?> stack = (List<?>) got.get("call_id_stack");
        assertThat(stack).anySatisfy(id -> assertThat(id.toString()).startsWith("py_messaging.send."));
        assertThat(stack.get(stack.size() - 1).toString()).startsWith("java_messaging.inbox.");
    }

    @Test
    void enokiPublisherReachesNamekoConsumeWithTheCallersContextData() {
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            client.withContextData(Map.of("user_id", "u-to-python")).proxy("java_messaging")
                    .call("send", Map.of("greeting", "hello from Enoki"));
        }

        nameko.awaitLine("the message in Nameko's @consume", line -> line.startsWith("PY-INBOX "),
                Duration.ofSeconds(30));
        String line = nameko.output().stream().filter(l -> l.startsWith("PY-INBOX ")).findFirst().orElseThrow();
        JsonObject inbox = new JsonObject(line.substring("PY-INBOX ".length()));
        assertThat(inbox.getJsonObject("body").getMap()).isEqualTo(Map.of("greeting", "hello from Enoki"));
        assertThat(inbox.getString("user_id")).isEqualTo("u-to-python");
    }
}
