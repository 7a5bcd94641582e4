package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.reliability.proxy.Direction;
import dev.enoki.reliability.proxy.FaultProxy;
import dev.enoki.reliability.proxy.ProxiedConnection;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: half-open and slow connections. The suite's own {@link FaultProxy} sits between a node (or a client)
 * and RabbitMQ. A blackholed connection (bytes one way vanish, sockets stay open) must be noticed by AMQP heartbeats
 * and replaced, with the consumers back; a cut connection comes back; added latency only slows calls; and a caller
 * behind a dead link sees every call end, as RpcTimeout or BrokerConnectionLost, by its deadline.
 */
class HalfOpenConnectionsIT {
    private static final int HEARTBEAT_SECONDS = 2;
    private static final long HEARTBEAT_MILLIS = TimeUnit.SECONDS.toMillis(HEARTBEAT_SECONDS);
    /**
     * AMQP gives up on a peer silent for two heartbeats. The Java client counts silence from its last received frame
     * in quarter-heartbeat steps and gives up after nine (2.25 heartbeats); RabbitMQ checks once a heartbeat. From
     * the fault, measured 2.2 to 2.8 heartbeats; the bound allows three and a half.
     */
    private static final Duration DETECTION_BOUND = Duration.ofMillis(7 * HEARTBEAT_MILLIS / 2);
    /** How late after its deadline a call may end: timers and scheduling on a busy 2-core machine. */
    private static final long LATENESS_TOLERANCE_MILLIS = 1_000;
    private static final long CLIENT_TIMEOUT_MILLIS = 1_500;
    private static final String NODE_CONFIG = "max_workers: 4\nHEARTBEAT: " + HEARTBEAT_SECONDS + "\n";
    private static final int BATCH = 20;
    private static final long WORK_MILLIS = 20;

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final Vertx vertx = Vertx.vertx();
    private final FaultProxy proxy = FaultProxy.start(vertx, "127.0.0.1", RabbitVhost.PORT);
    private NodeProcess node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        proxy.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        vhost.close();
    }

    @Test
    void deadAndCutBrokerConnectionsAreDetectedAndReplacedAndLatencyOnlySlowsCalls() {
        Ledger ledger = new Ledger("3 half-open, cut, slow broker links");
        node = NodeProcess.start("half-open", NODE_CONFIG, ledger::nodeLine,
                "--broker", vhost.uri(proxy.port()), WorkService.class.getName()).awaitReady();
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "30s"))) {
            ServiceProxy work = client.proxy("work");
            callBatch(ledger, work, "before");

            long towardNode = deadLinkIsReplaced(ledger, work, Direction.TO_CLIENT);
            long towardBroker = deadLinkIsReplaced(ledger, work, Direction.TO_TARGET);

            List<ProxiedConnection> cut = proxy.openConnections();
            proxy.cut();
            awaitReplaced(cut);
            callBatch(ledger, work, "after-cut");

            proxy.latency(150);
            callBatch(ledger, work, "latency-150ms");
            proxy.pass();
            callBatch(ledger, work, "after-latency");

            Ledger.Tally tally = ledger.report("heartbeat " + HEARTBEAT_SECONDS + "s; dead link noticed after "
                    + towardNode + " ms (broker->node silent, by the node) and " + towardBroker
                    + " ms (node->broker silent, by the broker); cut and 150 ms latency survived");
            assertThat(tally.lost()).isZero();
            assertThat(tally.completed()).isEqualTo(tally.sent());
            assertThat(tally.unexpected()).isZero();
        }
    }

    @Test
    void noCallThroughADeadClientLinkOutlivesItsDeadline() throws Exception {
        Ledger ledger = new Ledger("3 deadlines through a blackholed client link");
        node = NodeProcess.start("deadlines", NODE_CONFIG, ledger::nodeLine,
                "--broker", vhost.uri(), WorkService.class.getName()).awaitReady();
        Map<String, Long> deadlines = new ConcurrentHashMap<>();
        Map<String, Long> lateness = new ConcurrentHashMap<>();
        try (EnokiClient client = EnokiClient.connect(new JsonObject()
                .put("AMQP_URI", vhost.uri(proxy.port())).put("HEARTBEAT", HEARTBEAT_SECONDS)
                .put("rpc_timeout", CLIENT_TIMEOUT_MILLIS + "ms"))) {
            ServiceProxy work = client.proxy("work");
            callBatch(ledger, work, "before");
            for (Direction silent : Direction.values()) {
                List<ProxiedConnection> dead = proxy.blackhole(silent);
                String phase = "deadline-" + silent.name().toLowerCase();
                // One call every 100 ms for longer than the link takes to be noticed dead and replaced.
                for (int i = 0; i < 70; i++) {
                    timedCall(ledger, work, phase + "-" + i, deadlines, lateness);
                    Thread.sleep(100);
                }
                awaitReplaced(dead);
                callBatch(ledger, work, "after-" + phase);
            }
            await("calls settled").atMost(Duration.ofSeconds(30)).until(() -> ledger.settledCount() == ledger.tally().sent());
        }
        long latest = lateness.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Ledger.Tally tally = ledger.report("rpc_timeout " + CLIENT_TIMEOUT_MILLIS + " ms, heartbeat "
                + HEARTBEAT_SECONDS + "s; " + lateness.size() + " calls ended in failure, the latest "
                + latest + " ms after its deadline (negative: before)");
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.failures().keySet()).isNotEmpty().isSubsetOf(Set.of("RpcTimeout", "BrokerConnectionLost"));
        assertThat(latest).as("latest end of a failed call after its deadline, ms")
                .isLessThanOrEqualTo(LATENESS_TOLERANCE_MILLIS);
    }

    /** A call whose failure time is measured against its deadline. */
    private void timedCall(Ledger ledger, ServiceProxy work, String id, Map<String, Long> deadlines,
                           Map<String, Long> lateness) {
        ledger.sent(id);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLIENT_TIMEOUT_MILLIS);
        deadlines.put(id, deadline);
        work.callAsync("work", String.class, id, WORK_MILLIS).onComplete(result -> {
            long ended = System.nanoTime();
            if (result.succeeded() && id.equals(result.result())) {
                ledger.completed(id);
            } else {
                lateness.put(id, TimeUnit.NANOSECONDS.toMillis(ended - deadline));
                ledger.failed(id, result.failed() ? result.cause() : new IllegalStateException("wrong result"));
            }
        });
    }

    /**
     * Blackholes the node's broker connections one way while calls are on their way to it, and returns how long the
     * first peer took to give up on them; then the node must be connected again and serve every call.
     */
    private long deadLinkIsReplaced(Ledger ledger, ServiceProxy work, Direction silent) {
        long start = System.nanoTime();
        List<ProxiedConnection> dead = proxy.blackhole(silent);
        assertThat(dead).as("the node's consume, publish and registry connections").hasSize(3);
        String phase = "dead-" + silent.name().toLowerCase();
        List<String> ids = send(ledger, work, phase);
        await("the dead connections closed by a peer").atMost(DETECTION_BOUND).pollInterval(Duration.ofMillis(20))
                .until(() -> dead.stream().allMatch(c -> c.firstClosedNanos() > 0));
        long detected = dead.stream().mapToLong(c -> c.firstClosedNanos() - start).max().orElseThrow();
        awaitReplaced(dead);
        awaitSettled(ledger, ids);
        callBatch(ledger, work, "after-" + phase);
        return TimeUnit.NANOSECONDS.toMillis(detected);
    }

    /** The node opened new connections in place of {@code old}, and they are still open. */
    private void awaitReplaced(List<ProxiedConnection> old) {
        long since = old.stream().mapToLong(ProxiedConnection::openedNanos).max().orElseThrow();
        await("the node connected again").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> proxy.openConnections().stream().filter(c -> c.openedNanos() > since).count() >= old.size());
    }

    private void callBatch(Ledger ledger, ServiceProxy work, String phase) {
        awaitSettled(ledger, send(ledger, work, phase));
    }

    private List<String> send(Ledger ledger, ServiceProxy work, String phase) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            String id = phase + "-" + i;
            ids.add(id);
            ledger.sent(id);
            work.callAsync("work", String.class, id, WORK_MILLIS).onComplete(result -> ledger.settleEcho(id, result));
        }
        return ids;
    }

    private static void awaitSettled(Ledger ledger, List<String> ids) {
        await("calls settled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> ids.stream().allMatch(ledger::settled));
    }
}
