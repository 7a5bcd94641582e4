package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.reliability.fixtures.RegistryWatch;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 8: three nodes of a Hazelcast cluster, each running the work service, and the test JVM as a fourth
 * member calling it without pause. One node is cut off ({@code kill -STOP}) until the others have dropped it from the
 * cluster, then let back ({@code kill -CONT}): every node's registry must first drop it and then, after the split
 * heals, list it again, with nothing restarted. Then a node dies ({@code kill -9}) and the views converge to the two
 * left. Calls caught by the cut end as {@code RpcTimeout} to their caller; none is lost.
 */
class ClusterPartitionIT {
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private final String clusterName = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8);
    private final Ledger ledger = new Ledger("8 cluster partition and node loss");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final Map<String, Set<String>> views = new ConcurrentHashMap<>();
    private final AtomicBoolean calling = new AtomicBoolean(true);
    private Vertx member;
    private ServiceRegistry registry;

    @AfterEach
    void cleanUp() {
        calling.set(false);
        nodes.forEach(NodeProcess::close);
        if (member != null) {
            member.close().await();
        }
    }

    @Test
    void registryConvergesToTheLiveNodesAfterAPartitionHealsAndAfterANodeDies() throws Exception {
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        for (int i = 0; i < 3; i++) {
            nodes.add(NodeProcess.start("cluster-" + i, nodeConfig(), this::record, "--cluster", "--cluster-port",
                    String.valueOf(ports.get(i)), "--members", members, WorkService.class.getName(),
                    RegistryWatch.class.getName()));
        }
        nodes.forEach(NodeProcess::awaitReady);
        member = ClusteredVertx.start(ClusterOptions.fromConfig(new JsonObject(nodeConfig(ports.get(3), members)),
                Map.of())).await();
        EnokiClient client = EnokiClient.connect(member, new JsonObject().put("rpc_timeout", "2s")).await();
        registry = RegistryFactory.forVertx(member, new JsonObject());

        String a = nodeId(0);
        String b = nodeId(1);
        String c = nodeId(2);
        awaitViews(Set.of(a, b, c), Set.of(a, b, c, registry.nodeId()));

        Thread caller = new Thread(() -> callUntilStopped(client.proxy("work")), "fault-caller");
        caller.start();

        long cutAt = System.nanoTime();
        nodes.get(1).signal("STOP");
        long dropped = awaitViews(Set.of(a, c), Set.of(a, c, registry.nodeId())) - cutAt;
        await("the cluster drops the silent member").atMost(CONVERGE)
                .until(() -> clusterNodes().size() == 3);

        long healAt = System.nanoTime();
        nodes.get(1).signal("CONT");
        long healed = awaitViews(Set.of(a, b, c), Set.of(a, b, c, registry.nodeId())) - healAt;
        int beforeHealCalls = ledger.settledCount();
        await("calls reach the healed node again").atMost(CONVERGE)
                .until(() -> executionsOn(1) > 0 && ledger.settledCount() > beforeHealCalls + 50);

        long killAt = System.nanoTime();
        nodes.get(2).kill();
        long afterKill = awaitViews(Set.of(a, b), Set.of(a, b, registry.nodeId())) - killAt;

        calling.set(false);
        caller.join(TimeUnit.SECONDS.toMillis(30));
        await("every call settled").atMost(Duration.ofSeconds(30))
                .until(() -> ledger.settledCount() == ledger.tally().sent());
        client.close();

        Ledger.Tally tally = ledger.report(String.format("cut node dropped from every view in %.1f s, back in every "
                + "view %.1f s after the heal, dead node gone in %.1f s", seconds(dropped), seconds(healed),
                seconds(afterKill)));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.failures().keySet()).isSubsetOf("RpcTimeout");
        assertThat(tally.completed()).isGreaterThan(tally.failed());
    }

    /** Waits until every live node and the test member see exactly {@code expected}; returns when, in nanos. */
    private long awaitViews(Set<String> expected, Set<String> viewers) {
        try {
            await("registries list exactly " + expected).atMost(CONVERGE).pollInterval(Duration.ofMillis(100))
                    .until(() -> viewers.stream().allMatch(v -> expected.equals(viewOf(v))));
        } catch (ConditionTimeoutException e) {
            Map<String, Set<String>> seen = new TreeMap<>();
            viewers.forEach(v -> seen.put(v, viewOf(v)));
            dumpThreads();
            throw new AssertionError("registries did not converge on " + expected + "; each viewer lists " + seen, e);
        }
        return System.nanoTime();
    }

    /** Each live node's threads, beside its log, for the look into why it did not converge. */
    private void dumpThreads() {
        for (int i = 0; i < nodes.size(); i++) {
            Path dump = Path.of("target", "node-logs", "cluster-" + i + "-threads.txt");
            try {
                new ProcessBuilder("jcmd", Long.toString(nodes.get(i).pid()), "Thread.print")
                        .redirectErrorStream(true).redirectOutput(dump.toFile()).start().waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                // a dead node has no threads to show; the assertion that follows says what matters
            }
        }
    }

    private Set<String> viewOf(String node) {
        if (node.equals(registry.nodeId())) {
            List<ServiceRecord> work = registry.instances("work").await();
            return work.stream().map(ServiceRecord::nodeId).collect(Collectors.toCollection(TreeSet::new));
        }
        return views.getOrDefault(node, Set.of());
    }

    private void callUntilStopped(ServiceProxy work) {
        Semaphore window = new Semaphore(8);
        for (int i = 0; calling.get(); i++) {
            String id = "call-" + i;
            window.acquireUninterruptibly();
            ledger.sent(id);
            work.callAsync("work", String.class, id, 10L).onComplete(result -> {
                ledger.settleEcho(id, result);
                window.release();
            });
        }
    }

    private void record(String line) {
        if (line.startsWith("EXEC ")) {
            ledger.executed(line.substring(5));
        } else if (line.startsWith("VIEW ")) {
            String[] parts = line.split(" ", 3);
            views.put(parts[1], parts.length < 3 || parts[2].isEmpty() ? Set.of()
                    : new TreeSet<>(List.of(parts[2].split(","))));
        }
    }

    private int executionsOn(int node) {
        return (int) nodes.get(node).stdout().stream().filter(l -> l.startsWith("EXEC ")).count();
    }

    private String nodeId(int node) {
        await().atMost(CONVERGE).until(() -> nodes.get(node).stdout().stream().anyMatch(l -> l.startsWith("VIEW ")));
        return nodes.get(node).stdout().stream().filter(l -> l.startsWith("VIEW ")).findFirst().orElseThrow()
                .split(" ")[1];
    }

    private List<String> clusterNodes() {
        return ((VertxInternal) member).clusterManager().getNodes();
    }

    private String nodeConfig() {
        return "cluster:\n  name: " + clusterName + "\n  failure_timeout: 3s\n  merge_interval: 3s\n"
                + "discovery:\n  ttl: 4s\n  heartbeat: 1s\nmax_workers: 4\n";
    }

    private String nodeConfig(int port, String members) {
        return new JsonObject().put("cluster", new JsonObject().put("name", clusterName).put("failure_timeout", "3s").put("merge_interval", "3s")
                        .put("port", port).put("members", members))
                .put("discovery", new JsonObject().put("ttl", "4s").put("heartbeat", "1s")).encode();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
