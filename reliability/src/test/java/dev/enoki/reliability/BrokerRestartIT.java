package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.SinkService;
import dev.enoki.reliability.fixtures.WorkService;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: two instances (JVMs of their own) serve RPC and handle events while a client calls and dispatches
 * steadily, and the broker, a private RabbitMQ node, is stopped and started again ({@code stop_app}/{@code start_app})
 * under that load. Consumers with their prefetch, queues (including a broadcast queue that died with its connection)
 * and bindings are back within 10 s of the broker, with nothing restarted. Every call completes or fails to its
 * caller with a typed error; every event whose dispatch was confirmed is handled at least once, and every dispatch
 * that was not confirmed failed to its caller.
 */
class BrokerRestartIT {
    private static final int INSTANCES = 2;
    private static final String NODE_CONFIG = "max_workers: 4\n";
    private static final int IN_FLIGHT = 16;
    private static final long WORK_MILLIS = 5;
    private static final long PACE_MILLIS = 8;
    private static final int BEFORE_RESTART = 100;
    private static final int AFTER_RESTORE = 300;
    private static final int MAX_ITEMS = 5_000;
    private static final Duration RESTORE_BOUND = Duration.ofSeconds(10);

    private final Ledger calls = new Ledger("2 broker restart: rpc");
    private final Ledger events = new Ledger("2 broker restart: events");
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger callsCompleted = new AtomicInteger();
    private final AtomicInteger callsSentAfterRestore = new AtomicInteger();
    private final AtomicInteger callsCompletedAfterRestore = new AtomicInteger();
    private final AtomicBoolean restored = new AtomicBoolean();
    private final List<NodeProcess> nodes = new ArrayList<>();
    private PrivateRabbit rabbit;

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        if (rabbit != null) {
            rabbit.close();
        }
    }

    @Test
    void everyConfirmedPublishIsDeliveredAndEveryOtherFailsToItsCallerAcrossABrokerRestart() throws Exception {
        rabbit = PrivateRabbit.start();
        for (int i = 0; i < INSTANCES; i++) {
            nodes.add(NodeProcess.start("broker-" + i, NODE_CONFIG, this::record, "--broker", rabbit.uri(),
                    WorkService.class.getName(), SinkService.class.getName()));
        }
        nodes.forEach(NodeProcess::awaitReady);

        long restoreMillis;
        int sentAtRestore;
        String outage;
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", rabbit.uri())
                .put("rpc_timeout", "30s"))) {
            Thread load = new Thread(() -> load(client), "fault-load");
            load.start();
            await("load flowing").atMost(Duration.ofSeconds(60))
                    .until(() -> callsCompleted.get() >= BEFORE_RESTART && handledCount() >= BEFORE_RESTART);
            BrokerTopology before = BrokerTopology.of(rabbit);

            long down = System.nanoTime();
            rabbit.stopApp();
            long stopped = System.nanoTime();
            await("the outage reached callers").atMost(Duration.ofSeconds(30))
                    .until(() -> calls.tally().failed() > 0 && events.tally().failed() > 0);
            rabbit.startApp();
            long back = System.nanoTime();
            outage = before.consumers().size() + " consumers on " + before.queues().size() + " queues; stop_app took " + millis(stopped - down) + " ms, broker back " + millis(back - down)
                    + " ms after stop_app";
            AtomicLong consumersSeen = new AtomicLong();
            // Polls the consumers alone (one rabbitmqctl run, so the figure is as close as it gets); once they are
            // all back, checks queues and bindings too.
            await("consumers, prefetch, queues and bindings restored").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!BrokerTopology.consumers(rabbit).equals(before.consumers())) {
                            return false;
                        }
                        consumersSeen.set(System.nanoTime());
                        return BrokerTopology.of(rabbit).restores(before);
                    });
            restoreMillis = TimeUnit.NANOSECONDS.toMillis(consumersSeen.get() - back);
            sentAtRestore = calls.tally().sent();
            restored.set(true);

            load.join(TimeUnit.MINUTES.toMillis(2));
            awaitQuietly(() -> calls.settledCount() == calls.tally().sent());
            awaitQuietly(() -> confirmed.stream().allMatch(id -> events.executions(id) > 0)
                    && events.settledCount() + confirmed.size() == events.tally().sent());
        }
        confirmed.stream().filter(id -> events.executions(id) > 0).forEach(events::completed);

        String detail = outage + "; consumers, prefetch, queues and bindings back " + restoreMillis + " ms after it; "
                + sentAtRestore + " calls before, " + callsCompletedAfterRestore.get() + "/"
                + callsSentAfterRestore.get() + " completed after";
        Ledger.Tally rpc = calls.report(detail);
        Ledger.Tally evt = events.report("confirmed " + confirmed.size() + ", each handled at least once unless lost");
        assertThat(restoreMillis).as("ms from the broker back to everything restored").isLessThan(RESTORE_BOUND.toMillis());
        for (Ledger.Tally tally : List.of(rpc, evt)) {
            assertThat(tally.lost()).as(tally.scenario() + " lost").isZero();
            assertThat(tally.unexpected()).as(tally.scenario() + " unexpected").isZero();
            assertThat(tally.failed()).as(tally.scenario() + " failed to the caller in the outage").isPositive();
            assertThat(tally.failures().keySet()).as(tally.scenario() + " failure types")
                    .containsOnly("BrokerConnectionLost");
        }
        assertThat(callsCompletedAfterRestore.get()).as("calls answered after the restore").isPositive();
        assertThat(nodes).allMatch(NodeProcess::isAlive);
    }

    /** One call and one event every few ms until enough of both went out after the restore. */
    private void load(EnokiClient client) {
        ServiceProxy work = client.proxy("work");
        Semaphore window = new Semaphore(IN_FLIGHT);
        for (int i = 0; i < MAX_ITEMS && callsSentAfterRestore.get() < AFTER_RESTORE; i++) {
            window.acquireUninterruptibly();
            call(work, "call-" + i, window);
            dispatch(client, "event-" + i);
            try {
                Thread.sleep(PACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void call(ServiceProxy work, String id, Semaphore window) {
        boolean afterRestore = restored.get();
        if (afterRestore) {
            callsSentAfterRestore.incrementAndGet();
        }
        calls.sent(id);
        work.callAsync("work", String.class, id, WORK_MILLIS).onComplete(result -> {
            if (result.succeeded() && id.equals(result.result())) {
                calls.completed(id);
                callsCompleted.incrementAndGet();
                if (afterRestore) {
                    callsCompletedAfterRestore.incrementAndGet();
                }
            } else {
                calls.failed(id, result.failed() ? result.cause() : new IllegalStateException("wrong result"));
            }
            window.release();
        });
    }

    /** Confirmed: must be handled (settled at the end); refused: failed to its caller, nothing owed. */
    private void dispatch(EnokiClient client, String id) {
        events.sent(id);
        client.dispatchAsync(SinkService.SOURCE, SinkService.EVENT, id).onComplete(result -> {
            if (result.succeeded()) {
                confirmed.add(id);
            } else {
                events.failed(id, result.cause());
            }
        });
    }

    private int handledCount() {
        return (int) confirmed.stream().filter(id -> events.executions(id) > 0).count();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Waits for the condition but lets the ledger report whatever did not happen. */
    private static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(60)).until(condition);
        } catch (ConditionTimeoutException e) {
            // the ledger counts what is missing as lost
        }
    }

    private void record(String line) {
        if (line.startsWith("EXEC ")) {
            calls.executed(line.substring(5));
        } else if (line.startsWith("HANDLED ")) {
            events.executed(line.substring(8));
        }
    }
}
