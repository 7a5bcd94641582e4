package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.WorkService;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 7: one instance with a single worker is busy on a long call while short calls with a short deadline
 * queue behind it. Their deadlines pass while they wait, so none of them runs (the request carries its deadline,
 * and the service refuses it when it comes too late), and each caller gets {@code RpcTimeout} at its deadline, not
 * when the worker frees up. A call with time to spare, queued after them, proves they had their turn.
 */
class DeadlineIT {
    private static final int SHORT_CALLS = 40;
    private static final Duration SHORT_DEADLINE = Duration.ofSeconds(1);
    private static final long BUSY_MILLIS = 6_000;
    private static final long LATENESS_BOUND_MILLIS = 5_000;

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final Ledger ledger = new Ledger("7 deadlines");
    private final Map<String, Long> lateness = new ConcurrentHashMap<>();
    private NodeProcess node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        vhost.close();
    }

    @Test
    void callsWhoseDeadlinePassedInTheQueueAreNotRunAndTheirCallersTimeOutOnTime() {
        node = NodeProcess.start("deadline", "max_workers: 1\n", ledger::nodeLine, "--broker", vhost.uri(),
                WorkService.class.getName()).awaitReady();

        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "60s"))) {
            ServiceProxy work = client.proxy("work");
            Future<String> busy = call(work, "busy", BUSY_MILLIS, Duration.ofSeconds(60));
            await("the worker is busy").atMost(Duration.ofSeconds(30)).until(() -> ledger.executions("busy") == 1);
            List<Future<String>> shortCalls = new ArrayList<>();
            for (int i = 0; i < SHORT_CALLS; i++) {
                shortCalls.add(call(work, "short-" + i, 0, SHORT_DEADLINE));
            }
            Future<String> after = call(work, "after", 0, Duration.ofSeconds(60));

            await("every call settled").atMost(Duration.ofSeconds(60)).until(() -> ledger.settledCount() == SHORT_CALLS + 2);
            assertThat(busy.succeeded()).isTrue();
            assertThat(after.succeeded()).isTrue();
        }

        List<Long> late = new ArrayList<>(lateness.values());
        Collections.sort(late);
        int shortRuns = IntStream.range(0, SHORT_CALLS).map(i -> ledger.executions("short-" + i)).sum();
        Ledger.Tally tally = ledger.report(SHORT_CALLS + " calls with a " + SHORT_DEADLINE.toMillis()
                + " ms deadline behind a " + BUSY_MILLIS + " ms call on 1 worker; executions of them " + shortRuns
                + "; RpcTimeout after the deadline by " + (late.isEmpty() ? "-" : "median " + late.get(late.size() / 2)
                + " ms, max " + late.get(late.size() - 1) + " ms"));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.completed()).isEqualTo(2);
        assertThat(tally.failures()).containsExactly(Map.entry("RpcTimeout", SHORT_CALLS));
        assertThat(shortRuns).as("short calls executed").isZero();
        assertThat(late).as("one lateness per timed-out call").hasSize(SHORT_CALLS);
        assertThat(late.get(late.size() - 1)).as("latest RpcTimeout after its deadline, ms")
                .isLessThan(LATENESS_BOUND_MILLIS);
    }

    /** One call, its outcome in the ledger; for an RpcTimeout also how long after its deadline it came. */
    private Future<String> call(ServiceProxy work, String id, long millis, Duration deadline) {
        ledger.sent(id);
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        return work.withTimeout(deadline).callAsync("work", String.class, id, millis).onComplete(result -> {
            if (result.succeeded() && id.equals(result.result())) {
                ledger.completed(id);
            } else if (result.failed()) {
                if (result.cause() instanceof RpcTimeout) {
                    lateness.put(id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - deadlineNanos));
                }
                ledger.failed(id, result.cause());
            } else {
                ledger.failed(id, new IllegalStateException("wrong result " + result.result()));
            }
        });
    }
}
