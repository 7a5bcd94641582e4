package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testsupport.NamekoProcess;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code queue_type: quorum} beside real Nameko 2.14.1 services that declare the same queue: a Nameko service as it
 * comes declares its RPC queue classic, and the Enoki instance asking for quorum fails to start with a
 * {@link ConfigurationError} naming the queue, both types and the fix, while Nameko goes on serving; a Nameko service
 * that declares the queue quorum, as docs/rabbitmq4.md shows, shares it with the Enoki instance.
 */
class AmqpQueueTypeNamekoTest {
    /** A Nameko service as Nameko users write them: its RPC queue is declared classic. */
    private static final String PLAIN_SHARED = """
            from nameko.rpc import rpc


            class Shared:
                name = "qq_shared"

                @rpc
                def where(self):
                    return "python"
            """;

    private RabbitTestBroker broker;
    private Path pythonDir;
    private NamekoProcess nameko;
    private final Vertx vertx = Vertx.vertx();

    @Service("qq_shared")
    public static class SharedInJava {
        @Rpc
        public String where() {
            return "java";
        }
    }

    @Service("qq_mixed")
    public static class MixedInJava {
        @Rpc
        public String where() {
            return "java";
        }
    }

    @BeforeEach
    void start() throws Exception {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        broker = RabbitTestBroker.freshVhost();
        pythonDir = Files.createTempDirectory("enoki-nameko-");
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
        if (nameko != null) {
            nameko.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (pythonDir != null) {
            try (Stream<Path> files = Files.walk(pythonDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private JsonObject quorum() {
        return broker.config().put("queue_type", "quorum");
    }

    @Test
    void aQuorumInstanceMeetingNamekosClassicQueueFailsToStartNamingTheQueueBothTypesAndTheFix() {
        nameko = NamekoProcess.run(pythonDir, "qq_shared_service", PLAIN_SHARED, broker.config().getString("AMQP_URI"));
        awaitConsumers("rpc-qq_shared", 1);

        ServiceContainer java = new ServiceContainer(SharedInJava.class, quorum());
        Throwable failure = catchThrowable(() -> await(java.start(vertx)));

        assertThat(failure).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("queue rpc-qq_shared exists on RabbitMQ")
                .hasMessageContaining("this service declares it quorum (queue_type: quorum)")
                .hasMessageContaining("queue_type: classic");
        assertThat(java.isRunning()).isFalse();
        assertThat(queueTypes()).containsEntry("rpc-qq_shared", "classic");
        awaitConsumers("rpc-qq_shared", 1);
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            assertThat(client.proxy("qq_shared").call("where", String.class)).isEqualTo("python");
        }
    }

    @Test
    void namekoDeclaringClassicAQueueAQuorumInstanceMadeIsRefusedByTheBroker() {
        ServiceContainer java = new ServiceContainer(SharedInJava.class, quorum());
        await(java.start(vertx));
        nameko = NamekoProcess.run(pythonDir, "qq_shared_service", PLAIN_SHARED, broker.config().getString("AMQP_URI"));

        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> nameko.output().stream()
                    .anyMatch(line -> line.contains("PRECONDITION_FAILED - inequivalent arg")));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Nameko's output: " + String.join("\n", nameko.output()), e);
        }
        assertThat(queueTypes()).containsEntry("rpc-qq_shared", "quorum");
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            assertThat(client.proxy("qq_shared").call("where", String.class)).isEqualTo("java");
        }
        await(java.stop());
    }

    @Test
    void aNamekoServiceDeclaringItsQueueQuorumSharesItWithAQuorumInstance() throws Exception {
        Files.writeString(pythonDir.resolve("quorum_rpc.py"), documentedQuorumRpc());
        nameko = NamekoProcess.run(pythonDir, "qq_mixed_service", """
                from quorum_rpc import rpc


                class Mixed:
                    name = "qq_mixed"

                    @rpc
                    def where(self):
                        return "python"
                """, broker.config().getString("AMQP_URI"));
        awaitConsumers("rpc-qq_mixed", 1);

        ServiceContainer java = new ServiceContainer(MixedInJava.class, quorum());
        await(java.start(vertx));
        awaitConsumers("rpc-qq_mixed", 2);

        assertThat(queueTypes()).containsEntry("rpc-qq_mixed", "quorum").containsEntry("rpc-qq_mixed.dead", "quorum");
        Set<String> answeredBy = ConcurrentHashMap.newKeySet();
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                answeredBy.add(client.proxy("qq_mixed").call("where", String.class));
                return answeredBy.size() == 2;
            });
        }
        assertThat(answeredBy).containsExactlyInAnyOrder("java", "python");
        await(java.stop());
    }

    /** The Python module docs/rabbitmq4.md gives Nameko services: the test runs the page's own code. */
    private static String documentedQuorumRpc() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/rabbitmq4.md"))) {
            dir = dir.getParent();
        }
        String page = Files.readString(dir.resolve("docs/rabbitmq4.md"));
        int start = page.indexOf("```python\n") + "```python\n".length();
        return page.substring(start, page.indexOf("\n```", start) + 1);
    }

    private void awaitConsumers(String queue, int consumers) {
        await().atMost(Duration.ofSeconds(60)).until(() -> consumersOf(queue) == consumers);
    }

    private int consumersOf(String queue) {
        for (Object q : listQueues("name", "consumers")) {
            JsonObject row = (JsonObject) q;
            if (queue.equals(row.getString("name"))) {
                return row.getInteger("consumers");
            }
        }
        return -1;
    }

    private Map<String, String> queueTypes() {
        Map<String, String> types = new HashMap<>();
        for (Object q : listQueues("name", "type")) {
            types.put(((JsonObject) q).getString("name"), ((JsonObject) q).getString("type"));
        }
        return types;
    }

    private JsonArray listQueues(String... columns) {
        String[] args = Stream.concat(Stream.of("list_queues", "-p", broker.vhost()),
                Stream.concat(Stream.of(columns), Stream.of("--formatter", "json"))).toArray(String[]::new);
        return new JsonArray(RabbitVhost.rabbitmqctl(args));
    }
}
