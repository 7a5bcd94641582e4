package dev.enoki.reliability;

import dev.enoki.reliability.fixtures.TickerService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 11: three instances of a service with a singleton timer of 1 s, each a JVM of its own, on the clustered
 * event bus and on RabbitMQ. Every tick prints its time and its process; each period of the observed window is an
 * item of the ledger, completed when exactly one instance ticked in it. The holder is killed with {@code kill -9}:
 * another instance takes over, and the periods between the kill and its first tick are the takeover gap (reported as
 * failed {@code TakeoverGap}). Proves: no period ever has two ticks, no period outside the gap has none, and the
 * time from the kill to the first tick of the new holder (reported).
 */
class SingletonTimerIT {
    private static final long PERIOD = 1_000;
    private static final int STEADY_PERIODS = 6;
    private static final Duration TAKEOVER_WAIT = Duration.ofSeconds(30);

    private final List<NodeProcess> nodes = new ArrayList<>();
    /** Every tick seen: its time (epoch millis) and the pid of the process that ran it. */
    private final List<Tick> ticks = new CopyOnWriteArrayList<>();
    private RabbitVhost vhost;

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void oneInstanceTicksEachPeriodOnTheClusteredEventBusAndAnotherTakesOverAfterAKill() throws Exception {
        String clusterName = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        String config = "cluster:\n  name: " + clusterName + "\n  failure_timeout: 3s\n";
        run("11a singleton timer, clustered event bus", i -> NodeProcess.start("ticker-cluster-" + i, config,
                this::record, "--cluster", "--cluster-port", String.valueOf(ports.get(i)), "--members", members,
                TickerService.class.getName()), "discovery.singleton_lease 5s (default), cluster.failure_timeout 3s");
    }

    @Test
    void oneInstanceTicksEachPeriodOnRabbitMqAndAnotherTakesOverAfterAKill() throws Exception {
        vhost = RabbitVhost.create("enoki-fault-");
        run("11b singleton timer, RabbitMQ", i -> NodeProcess.start("ticker-rabbit-" + i, "max_workers: 2\n",
                this::record, "--broker", vhost.uri(), TickerService.class.getName()), "single-active-consumer queue");
    }

    private void run(String scenario, Function<Integer, NodeProcess> start, String setting) throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(start.apply(i));
        }
        nodes.forEach(NodeProcess::awaitReady);
        long first = period(System.currentTimeMillis()) + 1;
        await("ticks while all three run").atMost(TAKEOVER_WAIT)
                .until(() -> ticksFrom(first) >= STEADY_PERIODS);

        long killAt = System.currentTimeMillis();
        long holder = ticks.get(ticks.size() - 1).pid();
        NodeProcess victim = nodes.stream().filter(n -> n.pid() == holder).findFirst().orElseThrow();
        victim.kill();
        await("another instance ticks").atMost(TAKEOVER_WAIT)
                .until(() -> ticks.stream().anyMatch(t -> t.at() > killAt && t.pid() != holder));
        long takeover = ticks.stream().filter(t -> t.at() > killAt && t.pid() != holder)
                .mapToLong(Tick::at).min().orElseThrow();
        await("ticks after the takeover").atMost(TAKEOVER_WAIT)
                .until(() -> ticksFrom(period(takeover) + 1) >= STEADY_PERIODS);
        long last = period(System.currentTimeMillis()) - 1;

        Ledger ledger = new Ledger(scenario);
        Map<Long, List<Long>> byPeriod = new TreeMap<>();
        ticks.forEach(t -> byPeriod.computeIfAbsent(period(t.at()), p -> new ArrayList<>()).add(t.pid()));
        int gap = 0;
        for (long p = first; p <= last; p++) {
            String id = "period-" + p;
            ledger.sent(id);
            List<Long> tickers = byPeriod.getOrDefault(p, List.of());
            tickers.forEach(pid -> ledger.executed(id));
            if (!tickers.isEmpty()) {
                ledger.completed(id);
            } else if (p >= period(killAt) && p < period(takeover)) {
                gap++;
                ledger.failed(id, new TakeoverGap());
            }
        }
        Ledger.Tally tally = ledger.report(String.format("3 instances, period %d ms, %s; holder killed with -9, "
                        + "another ticked %d ms later (%d periods without a tick)", PERIOD, setting,
                takeover - killAt, gap));
        assertThat(tally.duplicated()).as("periods in which two instances ticked").isZero();
        assertThat(tally.lost()).as("periods without a tick outside the takeover").isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(nodes.stream().filter(n -> n != victim).allMatch(NodeProcess::isAlive)).isTrue();
    }

    private long ticksFrom(long period) {
        return ticks.stream().filter(t -> period(t.at()) >= period).count();
    }

    private static long period(long epochMillis) {
        return epochMillis / PERIOD;
    }

    private void record(String line) {
        if (line.startsWith("TICK ")) {
            String[] parts = line.split(" ");
            ticks.add(new Tick(Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        }
    }

    private record Tick(long at, long pid) {
    }

    /** A period that passed without a tick while the lease went from the killed holder to another instance. */
    static final class TakeoverGap extends Exception {
        TakeoverGap() {
            super(null, null, false, false);
        }
    }
}
