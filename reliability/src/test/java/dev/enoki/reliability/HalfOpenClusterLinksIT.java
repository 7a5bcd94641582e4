package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.reliability.fixtures.RegistryWatch;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.reliability.proxy.Direction;
import dev.enoki.reliability.proxy.FaultProxy;
import dev.enoki.reliability.proxy.ProxiedConnection;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3 between cluster members. Nodes A and B run the work service in JVMs of their own; the test JVM is a third
 * member M that calls it without pause. Every link into B goes through the suite's {@link FaultProxy}: B's clustered
 * event bus (B advertises the proxy as its event-bus address) and its Hazelcast member links (B advertises a proxy as
 * its Hazelcast address and reaches A and M through proxies). Then, while M calls:
 * <ul>
 * <li>the event-bus connections into B are blackholed one way, then the other: the senders' pings go unanswered,
 * they close the connections within two ping intervals and open new ones, and B serves calls again;</li>
 * <li>they are cut, and come back;</li>
 * <li>150 ms of latency only slows the calls B serves, and no connection is replaced for it;</li>
 * <li>B's Hazelcast links fall silent both ways: the cluster drops B within its failure timeout, and B is back in
 * the cluster and in the registries after the split-brain merge.</li>
 * </ul>
 * Calls caught by a fault end as {@code RpcTimeout}, none later than its deadline plus a tolerance; none is lost.
 */
class HalfOpenClusterLinksIT {
    private static final long PING_MILLIS = 1_000;
    private static final long FAILURE_TIMEOUT_MILLIS = 3_000;
    /** Unanswered pings: the last answer, at most one interval to the next ping, one interval waiting for its answer. */
    private static final Duration DETECTION_BOUND = Duration.ofMillis(2 * PING_MILLIS + 1_000);
    /** Hazelcast checks heartbeats once a second; a busy 2-core machine adds to that. */
    private static final Duration DROP_BOUND = Duration.ofMillis(FAILURE_TIMEOUT_MILLIS + 3_000);
    private static final Duration CONVERGE = Duration.ofSeconds(60);
    private static final long DEADLINE_MILLIS = 1_500;
    private static final long LATENESS_TOLERANCE_MILLIS = 1_000;
    private static final long LATENCY_MILLIS = 150;
    private static final long WORK_MILLIS = 10;

    private final String clusterName = "enoki-links-" + UUID.randomUUID().toString().substring(0, 8);
    private final Ledger ledger = new Ledger("3b half-open, cut, slow cluster links");
    private final Map<String, String> executedOn = new ConcurrentHashMap<>();
    private final Map<String, String> nodeIds = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> views = new ConcurrentHashMap<>();
    private final Vertx proxies = Vertx.vertx();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private Vertx member;

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        if (member != null) {
            member.close().await();
        }
        proxies.close().await();
    }

    @Test
    void silentCutAndSlowLinksToAClusterMemberAreDetectedAndReplacedAndNoCallOutlivesItsDeadline() {
        int hazelcastA = FreePorts.next();
        int hazelcastB = FreePorts.next();
        int hazelcastM = FreePorts.next();
        int eventBusB = FreePorts.next();
        FaultProxy eventBusToB = FaultProxy.start(proxies, "127.0.0.1", eventBusB);
        FaultProxy hazelcastToB = FaultProxy.start(proxies, "127.0.0.1", hazelcastB);
        FaultProxy hazelcastBToA = FaultProxy.start(proxies, "127.0.0.1", hazelcastA);
        FaultProxy hazelcastBToM = FaultProxy.start(proxies, "127.0.0.1", hazelcastM);
        List<FaultProxy> hazelcastLinks = List.of(hazelcastToB, hazelcastBToA, hazelcastBToM);

        String members = addresses(hazelcastA, hazelcastM, hazelcastToB.port());
        startNode("A", nodeConfig(hazelcastA, members, ""));
        startNode("B", nodeConfig(hazelcastB, addresses(hazelcastBToA.port(), hazelcastBToM.port()),
                "  public_port: " + hazelcastToB.port() + "\n  eventbus_port: " + eventBusB
                        + "\n  eventbus_public_host: 127.0.0.1\n  eventbus_public_port: " + eventBusToB.port() + "\n"));
        nodes.forEach(NodeProcess::awaitReady);
        member = ClusteredVertx.start(ClusterOptions.fromConfig(memberConfig(hazelcastM, members), Map.of())).await();
        ServiceRegistry registry = RegistryFactory.forVertx(member, new JsonObject());
        String a = nodeId("A");
        String b = nodeId("B");
        await("M's registry lists A and B").atMost(CONVERGE)
                .until(() -> workNodes(registry).equals(Set.of(a, b)));

        EnokiClient client = EnokiClient.connect(member, new JsonObject().put("rpc_timeout", DEADLINE_MILLIS + "ms"))
                .await();
        try (TimedCaller caller = new TimedCaller(ledger, client.proxy("work"), DEADLINE_MILLIS, WORK_MILLIS)) {
            caller.phase("warm");
            awaitServedByB("warm");

            long silentToB = deadEventBusLinkIsReplaced(caller, eventBusToB, Direction.TO_TARGET);
            long silentFromB = deadEventBusLinkIsReplaced(caller, eventBusToB, Direction.TO_CLIENT);

            List<ProxiedConnection> cut = eventBusToB.openConnections();
            caller.phase("cut");
            eventBusToB.cut();
            awaitReplaced(eventBusToB, cut);
            caller.phase("after-cut");
            awaitServedByB("after-cut");

            int connectionsBefore = eventBusToB.connections().size();
            eventBusToB.latency(LATENCY_MILLIS);
            caller.phase("latency");
            awaitServedByB("latency");
            // Calls of the latency phase end under latency: lifting it would let the held ones through early
            caller.phase("after-latency");
            await("latency calls ended").atMost(CONVERGE).until(() -> caller.settled("latency"));
            eventBusToB.pass();
            awaitServedByB("after-latency");
            assertThat(eventBusToB.connections()).as("no connection replaced for latency").hasSize(connectionsBefore);

            long isolatedAt = System.nanoTime();
            caller.phase("isolated");
            List<ProxiedConnection> silent = hazelcastLinks.stream()
                    .flatMap(p -> Stream.of(p.blackhole(Direction.TO_TARGET), p.blackhole(Direction.TO_CLIENT)))
                    .flatMap(List::stream).distinct().toList();
            assertThat(silent).as("B's Hazelcast connections, all through the proxies").isNotEmpty();
            await("M's cluster drops B").atMost(DROP_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> !clusterNodes().contains(b));
            long dropped = System.nanoTime() - isolatedAt;
            caller.phase("merging");
            awaitMerged("B back in M's cluster", () -> clusterNodes().contains(b));
            awaitMerged("M's registry lists B again", () -> workNodes(registry).equals(Set.of(a, b)));
            awaitMerged("B's registry lists A and B", () -> Set.of(a, b).equals(views.get(b)));
            awaitMerged("A's registry lists A and B", () -> Set.of(a, b).equals(views.get(a)));
            long merged = System.nanoTime() - isolatedAt;
            caller.phase("after-merge");
            awaitServedByB("after-merge");

            caller.close();
            await("every call settled").atMost(Duration.ofSeconds(30))
                    .until(() -> ledger.settledCount() == ledger.tally().sent());
            report(caller, silentToB, silentFromB, millis(dropped), millis(merged));
        } finally {
            client.close();
        }
    }

    /**
     * Blackholes the open event-bus connections into B one way while calls flow, and returns how long their senders
     * took to give up on them; then every sender has connected again and B serves calls.
     */
    private long deadEventBusLinkIsReplaced(TimedCaller caller, FaultProxy proxy, Direction silent) {
        String phase = "dead-" + silent.name().toLowerCase();
        long start = System.nanoTime();
        caller.phase(phase);
        List<ProxiedConnection> dead = proxy.blackhole(silent);
        assertThat(dead).as("event-bus connections from A and M into B").hasSizeGreaterThanOrEqualTo(2);
        await("the silent connections closed by their senders").atMost(DETECTION_BOUND)
                .pollInterval(Duration.ofMillis(20)).until(() -> dead.stream().allMatch(c -> c.clientClosedNanos() > 0));
        long detected = dead.stream().mapToLong(c -> c.clientClosedNanos() - start).max().orElseThrow();
        awaitReplaced(proxy, dead);
        caller.phase("after-" + phase);
        awaitServedByB("after-" + phase);
        return millis(detected);
    }

    /** Waits for one sign of the merge; on a timeout, says what every member saw. */
    private void awaitMerged(String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(CONVERGE).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " did not happen; nodes " + nodeIds + ", their registries " + views
                    + ", M's cluster " + clusterNodes(), e);
        }
    }

    /** As many new connections as {@code old} held were opened since, and are open. */
    private static void awaitReplaced(FaultProxy proxy, List<ProxiedConnection> old) {
        long since = old.stream().mapToLong(ProxiedConnection::openedNanos).max().orElseThrow();
        await("connected again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxy.openConnections().stream().filter(c -> c.openedNanos() > since).count() >= old.size());
    }

    /** B ran, and answered, calls sent in {@code phase}. */
    private void awaitServedByB(String phase) {
        await("B serves calls of " + phase).atMost(CONVERGE).pollInterval(Duration.ofMillis(50))
                .until(() -> executedOn.entrySet().stream().filter(e -> e.getValue().equals("B"))
                        .filter(e -> e.getKey().startsWith(phase + "-")).filter(e -> ledger.settled(e.getKey()))
                        .count() >= 5);
    }

    private void report(TimedCaller caller, long silentToB, long silentFromB, long dropped, long merged) {
        Map<String, Long> lateness = caller.latenessMillis();
        long latest = lateness.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        List<Long> slowedOnB = onB(caller.tookMillis(), "latency");
        long fastestSlowed = slowedOnB.stream().mapToLong(Long::longValue).min().orElseThrow();
        long failedToB = lateness.keySet().stream().filter(id -> id.startsWith("dead-to_target-")).count();
        Ledger.Tally tally = ledger.report(String.format("event-bus ping %d ms: a silent link into B closed by its "
                        + "senders %d ms (requests lost) and %d ms (pongs lost) after the fault; cut survived; "
                        + "%d ms latency: B's calls took >= %d ms; B's Hazelcast links silent: dropped from the "
                        + "cluster in %.1f s (failure_timeout %d s), merged back into every view in %.1f s; "
                        + "%d calls ended in failure (%d in the silent request phase), the latest %s ms after its deadline",
                PING_MILLIS, silentToB, silentFromB, LATENCY_MILLIS, fastestSlowed, dropped / 1e3,
                FAILURE_TIMEOUT_MILLIS / 1_000, merged / 1e3, lateness.size(), failedToB,
                lateness.isEmpty() ? "-" : Long.toString(latest)));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.failures().keySet()).isSubsetOf("RpcTimeout");
        assertThat(failedToB).as("calls sent into the silent request path end as failures").isPositive();
        assertThat(latest).as("latest end of a failed call after its deadline, ms")
                .isLessThanOrEqualTo(LATENESS_TOLERANCE_MILLIS);
        assertThat(fastestSlowed).as("calls through the slow link").isGreaterThanOrEqualTo(LATENCY_MILLIS);
    }

    private List<Long> onB(Map<String, Long> took, String phase) {
        return took.entrySet().stream().filter(e -> e.getKey().startsWith(phase + "-"))
                .filter(e -> "B".equals(executedOn.get(e.getKey()))).map(Map.Entry::getValue).toList();
    }

    private void startNode(String name, String config) {
        nodes.add(NodeProcess.start("links-" + name, config, line -> record(name, line), "--cluster",
                WorkService.class.getName(), RegistryWatch.class.getName()));
    }

    private void record(String node, String line) {
        if (line.startsWith("EXEC ")) {
            String id = line.substring(5);
            executedOn.put(id, node);
            ledger.executed(id);
        } else if (line.startsWith("VIEW ")) {
            String[] parts = line.split(" ", 3);
            nodeIds.put(node, parts[1]);
            views.put(parts[1], parts.length < 3 || parts[2].isEmpty() ? Set.of()
                    : new TreeSet<>(List.of(parts[2].split(","))));
        }
    }

    private String nodeId(String node) {
        await("node " + node + " reports its view").atMost(CONVERGE).until(() -> nodeIds.containsKey(node));
        return nodeIds.get(node);
    }

    private static Set<String> workNodes(ServiceRegistry registry) {
        List<ServiceRecord> work = registry.instances("work").await();
        return work.stream().map(ServiceRecord::nodeId).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> clusterNodes() {
        return ((VertxInternal) member).clusterManager().getNodes();
    }

    private String nodeConfig(int port, String members, String extra) {
        return "cluster:\n  name: " + clusterName + "\n  port: " + port + "\n  port_auto_increment: false\n"
                + "  members: " + members + "\n  failure_timeout: " + FAILURE_TIMEOUT_MILLIS + "ms\n"
                + "  merge_interval: 3s\n  eventbus_ping_interval: " + PING_MILLIS + "ms\n" + extra
                + "discovery:\n  ttl: 4s\n  heartbeat: 1s\nmax_workers: 4\n";
    }

    private JsonObject memberConfig(int port, String members) {
        return new JsonObject().put("cluster", new JsonObject().put("name", clusterName).put("port", port)
                        .put("port_auto_increment", false).put("members", members)
                        .put("failure_timeout", FAILURE_TIMEOUT_MILLIS + "ms").put("merge_interval", "3s")
                        .put("eventbus_ping_interval", PING_MILLIS + "ms"))
                .put("discovery", new JsonObject().put("ttl", "4s").put("heartbeat", "1s"));
    }

    private static String addresses(int... ports) {
        return Arrays.stream(ports).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
