package dev.enoki.discovery;

import dev.enoki.EnokiClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nameko's handler types across three nodes: B, C and D each run "listener" (one SERVICE_POOL, one SINGLETON and
 * one BROADCAST handler) and "auditor" (SERVICE_POOL); node A (this JVM) dispatches.
 */
class ClusterEventsTest {
    private static final int EVENTS = 30;

    private static TestCluster cluster;
    private static EnokiClient client;
    private static List<NodeProcess> nodes;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(List.of("A", "B", "C", "D"), new JsonObject(), new JsonObject());
        client = cluster.startLocal();
        ClusterRegistry registry = cluster.registry();
        nodes = List.of("B", "C", "D").stream().map(n -> cluster.startNode(n, "listener,auditor")).toList();
        nodes.forEach(NodeProcess::awaitReady);
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.instances("listener").await().size() == 3
                && registry.instances("auditor").await().size() == 3);
        IntStream.range(0, EVENTS).forEach(i -> client.dispatch("orders", "created", Map.of("id", i)));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static long count(NodeProcess node, String handler) {
        return node.reports("EVENT").stream().filter(line -> line.startsWith(handler + " ")).count();
    }

    private static long total(String handler) {
        return nodes.stream().mapToLong(n -> count(n, handler)).sum();
    }

    /** Waits until the totals reach {@code expected} and stay there: no event is handled twice. */
    private static void awaitSteadyTotal(String handler, long expected) {
        await().atMost(Duration.ofSeconds(20)).during(Duration.ofMillis(500)).until(() -> total(handler) == expected);
    }

    @Test
    void servicePoolEventReachesOneInstanceOfEachSubscribingService() {
        awaitSteadyTotal("listener.onPool", EVENTS);
        awaitSteadyTotal("auditor.onPool", EVENTS);
        for (NodeProcess node : nodes) {
            assertThat(count(node, "listener.onPool")).as("listener on " + node.name()).isBetween(1L, EVENTS - 2L);
            assertThat(count(node, "auditor.onPool")).as("auditor on " + node.name()).isBetween(1L, EVENTS - 2L);
        }
    }

    @Test
    void singletonEventReachesOneInstanceInTheWholeCluster() {
        awaitSteadyTotal("listener.onSingleton", EVENTS);
        List<String> ids = nodes.stream().flatMap(n -> n.reports("EVENT").stream())
                .filter(l -> l.startsWith("listener.onSingleton ")).map(l -> l.split(" ")[1]).toList();
        assertThat(ids).doesNotHaveDuplicates().hasSize(EVENTS);
    }

    @Test
    void broadcastEventReachesEveryInstance() {
        awaitSteadyTotal("listener.onBroadcast", 3L * EVENTS);
        for (NodeProcess node : nodes) {
            assertThat(count(node, "listener.onBroadcast")).as("broadcast on " + node.name()).isEqualTo(EVENTS);
        }
    }
}
