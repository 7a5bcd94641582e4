package dev.enoki.reliability;

import dev.enoki.CircuitOpen;
import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.FlakyService;
import dev.enoki.reliability.fixtures.FrontService;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 9: a service (front, 8 workers) calls a dependency (flaky) that hangs, heals, then fails half its calls,
 * while front's own callers keep pinging it. Front's calls inherit its callers' 2 s deadline and its circuit breaker
 * (at least half of at least 10 calls in 5 s, open for 2 s) cuts flaky off. Proves: no call is lost; calls into the
 * hang end at their deadline, and once the breaker opens, fail at once with {@code CircuitOpen}; every ping is
 * answered throughout, so no worker of front was held past its budget; after healing, calls flow again within the
 * open period; half failing calls open it too.
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

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final Ledger ledger = new Ledger("9 failing dependency");
    private final Ledger pings = new Ledger("9 failing dependency (pings)");
    /** Per call refused with CircuitOpen: how long it took to come back, ms, and when it came (nanoTime). */
    private final Map<String, Long> circuitOpenMillis = new ConcurrentHashMap<>();
    private final Map<String, Long> circuitOpenAt = new ConcurrentHashMap<>();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        vhost.close();
    }

    @Test
    void theBreakerCutsOffAHungOrHalfFailingDependencyAndLetsItBackWhenItHeals() throws Exception {
        nodes.add(NodeProcess.start("flaky", "max_workers: 64\n", ledger::nodeLine, "--broker", vhost.uri(),
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
            long firstOpenMillis = firstCircuitOpenAfter("hung", hungAt);

            flaky.call("mode", "ok");
            long healedAt = System.nanoTime();
            await("a call goes through again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> relay(front, "probe", 1).containsKey("ok"));
            long healedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedAt);
            Map<String, Integer> healed = relay(front, "healed", 20);

            Thread.sleep(5_000);   // the window of the hang's failures passes
            flaky.call("mode", "fail_half");
            Map<String, Integer> halfFailing = relay(front, "half", 60);
            flaky.call("mode", "ok");

            pinger.interrupt();
            pinger.join();
            await("every ping settled").atMost(Duration.ofSeconds(30))
                    .until(() -> pings.settledCount() == pings.tally().sent());

            List<Long> fastFailures = new ArrayList<>(circuitOpenMillis.values());
            Collections.sort(fastFailures);
            Ledger.Tally tally = ledger.report("hang: " + hung + ", first CircuitOpen " + firstOpenMillis
                    + " ms after it began; CircuitOpen answered in median " + fastFailures.get(fastFailures.size() / 2)
                    + " ms; flowing again " + healedAfterMillis + " ms after healing, then " + healed
                    + "; half failing: " + halfFailing + "; pings " + pings.tally().completed() + " of "
                    + pings.tally().sent() + " answered");
            assertThat(tally.lost()).isZero();
            assertThat(tally.unexpected()).isZero();
            // at least 10 calls, half of them failed, counting the healthy ones still in the window; 8 more in flight
            assertThat(hung).containsOnlyKeys("RpcTimeout", "CircuitOpen");
            assertThat(hung.get("RpcTimeout")).as("calls that waited out their deadline in the hang")
                    .isBetween(10, 20 + IN_FLIGHT);
            assertThat(healed).containsOnlyKeys("ok");
            assertThat(halfFailing).containsKeys("ok", "RemoteError", "CircuitOpen");
            Ledger.Tally pingTally = pings.tally();
            assertThat(pingTally.lost()).isZero();
            assertThat(pingTally.completed()).as("pings answered").isEqualTo(pingTally.sent()).isGreaterThan(10);
        }
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
                String outcome = result.succeeded() ? "ok" : result.cause().getClass().getSimpleName();
                if (result.failed() && result.cause() instanceof CircuitOpen) {
                    long now = System.nanoTime();
                    circuitOpenMillis.put(id, TimeUnit.NANOSECONDS.toMillis(now - start));
                    circuitOpenAt.put(id, now);
                }
                outcomes.merge(outcome, 1, Integer::sum);
                slots.release();
            }));
        }
        Future.join(calls).otherwiseEmpty().await(60, TimeUnit.SECONDS);
        return new TreeMap<>(outcomes);
    }

    /** How long after {@code since} the first {@code CircuitOpen} of the phase came, ms; -1 when none did. */
    private long firstCircuitOpenAfter(String phase, long since) {
        return circuitOpenAt.entrySet().stream().filter(e -> e.getKey().startsWith(phase + "-"))
                .mapToLong(e -> TimeUnit.NANOSECONDS.toMillis(e.getValue() - since)).min().orElse(-1);
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
}
