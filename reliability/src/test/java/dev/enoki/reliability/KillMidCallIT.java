package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1: three instances of a service on RabbitMQ, each a JVM of its own; while 1,000 calls of 50 ms flow, one
 * instance after another is killed with {@code kill -9} and started again. A request is acknowledged only after its
 * reply is confirmed, so the broker hands whatever a dead instance held to a live one: every call is answered, none
 * lost. Calls that had started on a killed instance run again elsewhere; the ledger counts them as duplicates.
 */
class KillMidCallIT {
    private static final int CALLS = 1_000;
    private static final int IN_FLIGHT = 12;
    private static final long WORK_MILLIS = 50;
    private static final String NODE_CONFIG = "max_workers: 4\n";

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final Ledger ledger = new Ledger("1 kill -9 mid-call");
    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        vhost.close();
    }

    @Test
    void everyCallIsAnsweredWhileInstancesAreKilledAndRestarted() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode("work-" + i));
        }
        nodes.forEach(NodeProcess::awaitReady);

        int kills = 0;
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "120s"))) {
            ServiceProxy work = client.proxy("work");
            Semaphore window = new Semaphore(IN_FLIGHT);
            Thread caller = new Thread(() -> callAll(work, window), "fault-caller");
            caller.start();
            // Kill one instance every 2 s, round robin, and start it again at once, until all is settled.
            kills = RollingKills.run(nodes, "work", this::startNode, () -> ledger.settledCount() >= CALLS, 50);
            caller.join(TimeUnit.MINUTES.toMillis(3));
            await("every call settled").atMost(Duration.ofMinutes(3)).until(() -> ledger.settledCount() == CALLS);
        }

        Ledger.Tally tally = ledger.report(kills + " instances killed with -9 and restarted");
        assertThat(kills).as("instances killed while calls were in flight").isGreaterThanOrEqualTo(2);
        assertThat(tally.completed()).isEqualTo(CALLS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.unexpected()).isZero();
    }

    private void callAll(ServiceProxy work, Semaphore window) {
        for (int i = 0; i < CALLS; i++) {
            String id = "call-" + i;
            window.acquireUninterruptibly();
            ledger.sent(id);
            work.callAsync("work", String.class, id, WORK_MILLIS).onComplete(result -> {
                ledger.settleEcho(id, result);
                window.release();
            });
        }
    }

    private NodeProcess startNode(String name) {
        return NodeProcess.start(name, NODE_CONFIG, ledger::nodeLine, "--broker", vhost.uri(),
                WorkService.class.getName());
    }
}
