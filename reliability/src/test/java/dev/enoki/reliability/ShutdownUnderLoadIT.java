package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.PacedWorkService;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4: SIGTERM to a node with 100 slow calls in flight. With a grace period ({@code shutdown_timeout})
 * longer than the calls, the node stops taking work, lets all 100 finish and reply, then exits 0. With one shorter
 * than the calls, the node kills them when it runs out and exits; their requests were never acknowledged, so
 * RabbitMQ hands them to the other instance, which answers every one.
 */
class ShutdownUnderLoadIT {
    private static final int CALLS = 100;

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        vhost.close();
    }

    @Test
    void aHundredCallsInFlightAllSucceedWhenTheGracePeriodOutlastsThem() {
        Ledger ledger = new Ledger("4a graceful shutdown, grace long enough");
        Set<String> ranOnA = ConcurrentHashMap.newKeySet();
        NodeProcess a = startNode("grace-long-a", ledger, ranOnA, 3_000, "30s").awaitReady();

        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "60s"))) {
            callAll(client.proxy("paced"), ledger);
            await("all " + CALLS + " calls running").atMost(Duration.ofSeconds(30)).until(() -> ranOnA.size() == CALLS);
            assertThat(ledger.settledCount()).as("calls answered before SIGTERM").isZero();

            a.terminate();

            int exit = a.awaitExit(Duration.ofSeconds(60));
            await("every call settled").atMost(Duration.ofSeconds(30)).until(() -> ledger.settledCount() == CALLS);
            Ledger.Tally tally = ledger.report("SIGTERM with " + CALLS + " calls of 3s running, shutdown_timeout 30s;"
                    + " node exited " + exit);
            assertThat(exit).isZero();
            assertThat(a.stdout()).contains("enoki: stopped");
            assertThat(tally.completed()).isEqualTo(CALLS);
            assertThat(tally.lost()).isZero();
            assertThat(tally.failures()).isEmpty();
            assertThat(tally.duplicated()).isZero();
            assertThat(tally.unexpected()).isZero();
        }
    }

    @Test
    void callsUnfinishedWhenTheGracePeriodEndsAreRedeliveredToAnotherInstance() {
        Ledger ledger = new Ledger("4b graceful shutdown, grace too short");
        Set<String> ranOnA = ConcurrentHashMap.newKeySet();
        Set<String> ranOnB = ConcurrentHashMap.newKeySet();
        // A's calls would take ten minutes: only its one-second grace period can end them.
        NodeProcess a = startNode("grace-short-a", ledger, ranOnA, 600_000, "1s").awaitReady();

        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "60s"))) {
            callAll(client.proxy("paced"), ledger);
            await("all " + CALLS + " calls running on A").atMost(Duration.ofSeconds(30))
                    .until(() -> ranOnA.size() == CALLS);
            // B joins only now, so every call was A's; its own calls are quick.
            startNode("grace-short-b", ledger, ranOnB, 200, "30s").awaitReady();

            a.terminate();

            int exit = a.awaitExit(Duration.ofSeconds(30));
            await("every call settled").atMost(Duration.ofSeconds(40)).until(() -> ledger.settledCount() == CALLS);
            Ledger.Tally tally = ledger.report("SIGTERM with " + CALLS + " calls of 10min running, shutdown_timeout 1s;"
                    + " node exited " + exit + "; " + ranOnB.size() + " redelivered to and answered by the other instance");
            assertThat(exit).isZero();
            assertThat(a.stdout()).contains("enoki: stopped");
            assertThat(a.log()).contains("still running or waiting after shutdown_timeout 1s; killing them");
            assertThat(tally.completed()).isEqualTo(CALLS);
            assertThat(tally.lost()).isZero();
            assertThat(tally.failures()).isEmpty();
            assertThat(tally.unexpected()).isZero();
            assertThat(ranOnB).hasSize(CALLS);
            assertThat(tally.duplicated()).as("each call ran on A, was killed, and ran again on B").isEqualTo(CALLS);
        }
    }

    private static void callAll(ServiceProxy paced, Ledger ledger) {
        for (int i = 0; i < CALLS; i++) {
            String id = "call-" + i;
            ledger.sent(id);
            paced.callAsync("work", String.class, id).onComplete(result -> ledger.settleEcho(id, result));
        }
    }

    private NodeProcess startNode(String name, Ledger ledger, Set<String> ran, long workMillis, String grace) {
        // Enough workers for every call at once, so all of them are in flight when the signal comes.
        String config = "max_workers: " + CALLS + "\nwork_millis: " + workMillis + "\nshutdown_timeout: " + grace + "\n";
        // Named after the vhost too: node logs are appended to, and this run's must not meet an earlier run's.
        NodeProcess node = NodeProcess.start(name + "-" + vhost.name(), config, line -> {
            if (line.startsWith("EXEC ")) {
                ledger.executed(line.substring(5));
                ran.add(line.substring(5));
            }
        }, "--broker", vhost.uri(), PacedWorkService.class.getName());
        nodes.add(node);
        return node;
    }
}
