package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.LedgerService;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1b: scenario 1 (three instances, 1,000 calls of 50 ms, one instance killed with {@code kill -9} and
 * started again every 2 s) against an {@code @Rpc(exactlyOnce = true)} method that writes a row per call into the
 * real PostgreSQL. Proves: every call answered, none lost, and exactly one row per call: a call whose transaction a
 * kill cut short ran again (its row had rolled back), and a call that had committed when its instance died was
 * answered from the record when RabbitMQ delivered it again, without running again.
 */
class KillMidCallExactlyOnceIT {
    private static final int CALLS = 1_000;
    private static final int IN_FLIGHT = 12;
    private static final long WORK_MILLIS = 50;
    private static final Pattern ANSWERED_FROM_RECORD = Pattern.compile("answered from the record");

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final FaultSchema schema = new FaultSchema();
    private final Ledger ledger = new Ledger("1b kill -9 mid-call, exactly-once into PostgreSQL");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeProcess> everyNode = new ArrayList<>();

    @AfterEach
    void cleanUp() throws SQLException {
        nodes.forEach(NodeProcess::close);
        vhost.close();
        schema.close();
    }

    @Test
    void everyCallIsAnsweredAndWritesOneRowWhileInstancesAreKilledAndRestarted() throws Exception {
        schema.create();
        schema.execute("CREATE TABLE " + schema.table("ledger_rows") + " (call_id VARCHAR(64) NOT NULL)");
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode("ledger-" + i));
        }
        nodes.forEach(NodeProcess::awaitReady);

        int kills = 0;
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "120s"))) {
            ServiceProxy ledgerService = client.proxy("ledger");
            Semaphore window = new Semaphore(IN_FLIGHT);
            Thread caller = new Thread(() -> callAll(ledgerService, window), "fault-caller");
            caller.start();
            // Kill one instance every 2 s, round robin, and start it again at once, until all is settled.
            kills = RollingKills.run(nodes, "ledger", this::startNode, () -> ledger.settledCount() >= CALLS, 50);
            caller.join(TimeUnit.MINUTES.toMillis(3));
            await("every call settled").atMost(Duration.ofMinutes(3)).until(() -> ledger.settledCount() == CALLS);
        }

        int rows = schema.count("SELECT COUNT(*) FROM " + schema.table("ledger_rows"));
        int distinct = schema.count("SELECT COUNT(DISTINCT call_id) FROM " + schema.table("ledger_rows"));
        int fromRecord = everyNode.stream().mapToInt(node -> node.logged(ANSWERED_FROM_RECORD)).sum();
        Ledger.Tally tally = ledger.report(kills + " instances killed with -9 and restarted; " + rows + " rows for "
                + CALLS + " calls (" + distinct + " distinct); " + fromRecord
                + " redeliveries answered from the record; the duplicated executions are runs whose transaction the"
                + " kill rolled back");
        assertThat(kills).as("instances killed while calls were in flight").isGreaterThanOrEqualTo(2);
        assertThat(tally.completed()).isEqualTo(CALLS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.unexpected()).isZero();
        assertThat(rows).as("one row per call: no effect duplicated, none lost").isEqualTo(CALLS);
        assertThat(distinct).isEqualTo(CALLS);
    }

    private void callAll(ServiceProxy ledgerService, Semaphore window) {
        for (int i = 0; i < CALLS; i++) {
            String id = "call-" + i;
            window.acquireUninterruptibly();
            ledger.sent(id);
            ledgerService.callAsync("record", String.class, id, WORK_MILLIS).onComplete(result -> {
                ledger.settleEcho(id, result);
                window.release();
            });
        }
    }

    private NodeProcess startNode(String name) {
        NodeProcess node = NodeProcess.start(name, "max_workers: 4\n" + schema.nodeConfig(), ledger::nodeLine,
                "--broker", vhost.uri(), "--classpath", FaultSchema.databaseClasses(), LedgerService.class.getName());
        everyNode.add(node);
        return node;
    }
}
