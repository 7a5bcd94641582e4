package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.reliability.fixtures.FlakyService;
import dev.enoki.reliability.fixtures.FrontService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 9: a service (front, 8 workers) calls a dependency (flaky) while front's own callers keep pinging it.
 * Front's calls inherit its callers' 2 s deadline and its circuit breaker (at least half of at least 10 calls in 5 s,
 * open for 2 s) cuts flaky off. On RabbitMQ flaky hangs, heals, fails half its calls, heals, then is killed
 * ({@code kill -9}) and a new instance started; on the clustered event bus it hangs, heals, is killed and a new
 * instance joins. Proves: no call is lost; calls into the hang end at their deadline, and once the breaker opens,
 * fail at once with {@code CircuitOpen}, and front's node lists the breaker open on {@code /metrics/breakers}; every
 * ping is answered throughout, so no worker of front was held past its budget; after healing, calls flow again
 * within the open period; half failing calls open it too; calls to a killed instance fail fast with
 * {@code UnknownService} once those it held have timed out (RabbitMQ sees its queue without a consumer, the cluster
 * sees the member leave), and flow again once a new instance is there.
 */
class FailingDependencyIT {
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(2);
    private static final int IN_FLIGHT = 8;
    private static final String FRONT_CONFIG = """
            max_workers: 8
            circuit_breaker:
              minimum_calls: 10
              window: 5s
              open_for: 2s
            """;
    private static final String FLAKY_CONFIG = "max_workers: 64\n";
    /** A relayed UnknownService: front's call found no instance of flaky. */
    private static final String NO_INSTANCE = "RemoteError(UnknownService)";

    private final Ledger pings = new Ledger("9 failing dependency (pings)");
    /** Per call that failed other than by waiting out its deadline: how long it took, ms, and when it came. */
    private final Map<String, Long> fastFailureMillis = new ConcurrentHashMap<>();
    private final Map<String, Long> fastFailureAt = new ConcurrentHashMap<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private Ledger ledger;
    private RabbitVhost vhost;
    private Vertx member;

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        if (member != null) {
            member.close().await();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void theBreakerCutsOffAHungOrHalfFailingDependencyAndAKilledOneFailsFastUntilANewInstanceRuns() throws Exception {
        ledger = new Ledger("9 failing dependency");
        vhost = RabbitVhost.create("enoki-fault-");
        nodes.add(NodeProcess.start("flaky", FLAKY_CONFIG, ledger::nodeLine, "--broker", vhost.uri(),
                FlakyService.class.getName()).awaitReady());
        nodes.add(NodeProcess.start("front", FRONT_CONFIG, line -> { }, "--broker", vhost.uri(),
                FrontService.class.getName()).awaitReady());

        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()))) {
            ServiceProxy front = client.proxy("front").withTimeout(CALL_DEADLINE);
            ServiceProxy flaky = client.proxy("flaky");
            Thread pinger = pinging(client.proxy("front").withTimeout(Duration.ofSeconds(10)));

            assertThat(relay(front, "healthy", 20)).doesNotContainKey("CircuitOpen");

            flaky.call("mode", "hang");
            long hungAt = System.nanoTime();
            Map<String, Integer> hung = relay(front, "hung", 60);
            long firstOpenMillis = firstFastFailureAfter("hung", hungAt);

            flaky.call("mode", "ok");
            long healedAfterMillis = untilARelayGoesThrough(front);
            Map<String, Integer> healed = relay(front, "healed", 20);

            Thread.sleep(5_000);   // the window of the hang's failures passes
            flaky.call("mode", "fail_half");
            Map<String, Integer> halfFailing = relay(front, "half", 60);
            flaky.call("mode", "ok");
            untilARelayGoesThrough(front);
            Thread.sleep(5_000);   // the window of the half failing calls passes

            KillPhase killed = killAndStartAgain(front, () -> NodeProcess.start("flaky-again", FLAKY_CONFIG,
                    ledger::nodeLine, "--broker", vhost.uri(), FlakyService.class.getName()));
            stopPinging(pinger);

            Ledger.Tally tally = ledger.report("hang: " + hung + ", first CircuitOpen " + firstOpenMillis
                    + " ms after it began, CircuitOpen answered in median " + medianFastFailure("hung")
                    + " ms; flowing again " + healedAfterMillis + " ms after healing, then " + healed
                    + "; half failing: " + halfFailing + "; " + killed + "; pings " + pings.tally().completed()
                    + " of " + pings.tally().sent() + " answered");
            assertThat(tally.lost()).isZero();
            assertThat(tally.unexpected()).isZero();
            // at least 10 calls, half of them failed, counting the healthy ones still in the window; 8 more in flight
            assertThat(hung).containsKey("CircuitOpen").satisfies(FailingDependencyIT::onlyTimedOutOrCutOff);
            assertThat(timedOut(hung)).as("calls that waited out their deadline in the hang")
                    .isBetween(10, 20 + IN_FLIGHT);
            assertThat(healed).containsOnlyKeys("ok");
            assertThat(halfFailing).containsKeys("ok", "RemoteError(RemoteError)", "CircuitOpen");
            // the broker says flaky's queue has no consumer: no need to wait for the breaker
            assertThat(killed.outcomes()).containsKey(NO_INSTANCE);
            assertThat(killed.outcomes().keySet()).isSubsetOf("RpcTimeout", "RemoteError(RpcTimeout)", NO_INSTANCE);
            assertThat(timedOut(killed.outcomes())).as("calls caught by the kill").isLessThanOrEqualTo(2 * IN_FLIGHT);
            assertThat(killed.restarted()).containsOnlyKeys("ok");
            assertEveryPingAnswered();
        }
    }

    @Test
    void onTheClusteredEventBusTheCallingNodeShowsItsOpenBreakerAndAKilledDependencyFailsFast() throws Exception {
        ledger = new Ledger("9 failing dependency, on the cluster");
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        int management = FreePorts.next();
        JsonObject cluster = new JsonObject().put("name", "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8))
                .put("members", ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")))
                .put("failure_timeout", "3s");
        nodes.add(startOnCluster("flaky", FLAKY_CONFIG, cluster, ports.get(0), FlakyService.class));
        nodes.add(startOnCluster("front", FRONT_CONFIG + "management_address: 127.0.0.1:" + management + "\n",
                cluster, ports.get(1), FrontService.class));
        nodes.forEach(NodeProcess::awaitReady);
        member = ClusteredVertx.start(ClusterOptions.fromConfig(new JsonObject()
                .put("cluster", cluster.copy().put("port", ports.get(2))), Map.of())).await();
        EnokiClient client = EnokiClient.connect(member, new JsonObject()).await();
        try {
            ServiceProxy front = client.proxy("front").withTimeout(CALL_DEADLINE);
            Thread pinger = pinging(client.proxy("front").withTimeout(Duration.ofSeconds(10)));
            untilARelayGoesThrough(front);   // the cluster's connections are made, slowly, by the first calls

            client.proxy("flaky").call("mode", "hang");
            Map<String, Integer> hung = relay(front, "hung", 40);
            List<String> breakersWhileOpen = breakers(management);
            client.proxy("flaky").call("mode", "ok");
            untilARelayGoesThrough(front);
            Thread.sleep(5_000);   // the window of the hang's failures passes

            KillPhase killed = killAndStartAgain(front, () -> startOnCluster("flaky-again", FLAKY_CONFIG, cluster,
                    ports.get(3), FlakyService.class));
            stopPinging(pinger);

            Ledger.Tally tally = ledger.report("hang: " + hung + ", then front's node listed its breakers as "
                    + breakersWhileOpen + "; " + killed + "; pings " + pings.tally().completed() + " of "
                    + pings.tally().sent() + " answered");
            assertThat(tally.lost()).isZero();
            assertThat(tally.unexpected()).isZero();
            assertThat(hung).containsKey("CircuitOpen").satisfies(FailingDependencyIT::onlyTimedOutOrCutOff);
            assertThat(breakersWhileOpen).containsExactly("front->flaky open");
            // the dead member leaves the cluster, and the registry with it: calls fail at once, breaker or not
            assertThat(killed.outcomes()).containsKey(NO_INSTANCE);
            assertThat(killed.outcomes().keySet()).isSubsetOf("RpcTimeout", "RemoteError(RpcTimeout)", NO_INSTANCE);
            assertThat(timedOut(killed.outcomes())).as("calls caught by the kill").isLessThanOrEqualTo(2 * IN_FLIGHT);
            assertThat(killed.restarted()).containsOnlyKeys("ok");
            assertEveryPingAnswered();
        } finally {
            client.close();
        }
    }

    /** What came of calls to a dependency killed with {@code -9}, and of those after a new instance started. */
    private record KillPhase(Map<String, Integer> outcomes, long firstFastMillis, long medianFastMillis,
                             long resumedAfterMillis, Map<String, Integer> restarted) {
        @Override
        public String toString() {
            return "killed: " + outcomes + ", first fast failure " + firstFastMillis + " ms after the kill, fast "
                    + "failures answered in median " + medianFastMillis + " ms; " + IN_FLIGHT + " calls in a row "
                    + "answered " + resumedAfterMillis + " ms after a new instance was ready, then " + restarted;
        }
    }

    /** Kills flaky (the first node), relays 60 calls, starts a new instance, relays again once one goes through. */
    private KillPhase killAndStartAgain(ServiceProxy front, Supplier<NodeProcess> newInstance) throws Exception {
        nodes.get(0).kill();
        long killedAt = System.nanoTime();
        Map<String, Integer> killed = relay(front, "killed", 60);
        long firstFast = firstFastFailureAfter("killed", killedAt);
        Thread.sleep(5_000);   // the window of the kill's timeouts passes, however quickly the new instance starts
        nodes.add(newInstance.get().awaitReady());
        // The kill's timeouts may still be in the breaker's window and open it once more: flowing means a full batch
        long since = System.nanoTime();
        await("calls flow to the new instance").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> relay(front, "probe", IN_FLIGHT).equals(Map.of("ok", IN_FLIGHT)));
        long resumedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        return new KillPhase(killed, firstFast, medianFastFailure("killed"), resumedAfter,
                relay(front, "restarted", 20));
    }

    private NodeProcess startOnCluster(String name, String config, JsonObject cluster, int port, Class<?> service) {
        String yaml = config + "cluster: " + cluster.copy().put("port", port).encode() + "\n";
        return NodeProcess.start(name, yaml, ledger::nodeLine, "--cluster", service.getName());
    }

    /** The breakers front's node shows on its management server, {@code front->flaky open}. */
    private static List<String> breakers(int managementPort) {
        HttpResponse<String> response;
        try {
            response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + managementPort + "/metrics/breakers")).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return new JsonArray(response.body()).stream().map(JsonObject.class::cast)
                .map(b -> b.getString("service") + "->" + b.getString("target") + " " + b.getString("state")).toList();
    }

    /** Relays until one goes through; how long that took, ms. */
    private long untilARelayGoesThrough(ServiceProxy front) {
        long since = System.nanoTime();
        await("a call goes through").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> relay(front, "probe", 1).containsKey("ok"));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** {@code count} relays, {@value #IN_FLIGHT} in flight; how they ended, by outcome. */
    private Map<String, Integer> relay(ServiceProxy front, String phase, int count) throws Exception {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            String id = phase + "-" + sequence.incrementAndGet();
            ledger.sent(id);
            long start = System.nanoTime();
            calls.add(front.callAsync("relay", String.class, id).onComplete(result -> {
                ledger.settleEcho(id, result);
                if (result.failed() && !timedOut(outcome(result.cause()))) {
                    long now = System.nanoTime();
                    fastFailureMillis.put(id, TimeUnit.NANOSECONDS.toMillis(now - start));
                    fastFailureAt.put(id, now);
                }
                outcomes.merge(result.succeeded() ? "ok" : outcome(result.cause()), 1, Integer::sum);
                slots.release();
            }));
        }
        Future.join(calls).otherwiseEmpty().await(60, TimeUnit.SECONDS);
        return new TreeMap<>(outcomes);
    }

    /** A timeout reaches the caller as its own RpcTimeout, or as front's, passed on, when that one came first. */
    private static void onlyTimedOutOrCutOff(Map<String, Integer> outcomes) {
        assertThat(outcomes.keySet()).isSubsetOf("RpcTimeout", "RemoteError(RpcTimeout)", "CircuitOpen");
    }

    private static boolean timedOut(String outcome) {
        return outcome.equals("RpcTimeout") || outcome.equals("RemoteError(RpcTimeout)");
    }

    private static int timedOut(Map<String, Integer> outcomes) {
        return outcomes.getOrDefault("RpcTimeout", 0) + outcomes.getOrDefault("RemoteError(RpcTimeout)", 0);
    }

    private static String outcome(Throwable failure) {
        String name = failure.getClass().getSimpleName();
        return failure instanceof RemoteError remote ? name + "(" + remote.excType() + ")" : name;
    }

    /** How long after {@code since} the phase's first failure other than a timeout came, ms; -1 when none did. */
    private long firstFastFailureAfter(String phase, long since) {
        return fastFailureAt.entrySet().stream().filter(e -> e.getKey().startsWith(phase + "-"))
                .mapToLong(e -> TimeUnit.NANOSECONDS.toMillis(e.getValue() - since)).min().orElse(-1);
    }

    /** The median time, ms, in which the phase's calls failed other than by a timeout; -1 when none did. */
    private long medianFastFailure(String phase) {
        List<Long> millis = fastFailureMillis.entrySet().stream().filter(e -> e.getKey().startsWith(phase + "-"))
                .map(Map.Entry::getValue).sorted().toList();
        return millis.isEmpty() ? -1 : millis.get(millis.size() / 2);
    }

    /** Pings front every 100 ms on a thread of its own until interrupted, each in the pings' ledger. */
    private Thread pinging(ServiceProxy front) {
        Thread pinger = new Thread(() -> {
            int n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                String id = "ping-" + n++;
                pings.sent(id);
                front.callAsync("ping", String.class).onComplete(result -> {
                    if (result.succeeded()) {
                        pings.completed(id);
                    } else {
                        pings.failed(id, result.cause());
                    }
                });
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pinger");
        pinger.start();
        return pinger;
    }

    private void stopPinging(Thread pinger) throws InterruptedException {
        pinger.interrupt();
        pinger.join();
        await("every ping settled").atMost(Duration.ofSeconds(30))
                .until(() -> pings.settledCount() == pings.tally().sent());
    }

    private void assertEveryPingAnswered() {
        Ledger.Tally pingTally = pings.tally();
        assertThat(pingTally.lost()).isZero();
        assertThat(pingTally.completed()).as("pings answered").isEqualTo(pingTally.sent()).isGreaterThan(10);
    }
}
