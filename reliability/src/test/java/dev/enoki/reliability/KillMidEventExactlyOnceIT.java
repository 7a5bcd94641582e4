package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.reliability.fixtures.TallyService;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 1c: scenario 1b for events. Three instances of an {@code @EventHandler(exactlyOnce = true)} handler that
 * writes a row per event into the real PostgreSQL and works 100 ms before its commit; 1,000 events dispatched by an
 * Enoki client (each with a message id of its own); one instance killed with {@code kill -9} and started again every
 * 2 s. Proves: exactly one row per event, none lost: an event whose transaction a kill cut short ran again (its row
 * had rolled back), and one whose instance died after the commit and before the acknowledgement was delivered again
 * and acknowledged without running.
 */
class KillMidEventExactlyOnceIT {
    private static final int EVENTS = 1_000;
    private static final String QUEUE = "evt-fault_source-tick--tally.count";
    private static final Pattern SKIPPED = Pattern.compile("acknowledged, not run again");

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final FaultSchema schema = new FaultSchema();
    private final Ledger ledger = new Ledger("1c kill -9 mid-event, exactly-once into PostgreSQL");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeProcess> everyNode = new ArrayList<>();

    @AfterEach
    void cleanUp() throws SQLException {
        nodes.forEach(NodeProcess::close);
        vhost.close();
        schema.close();
    }

    @Test
    void everyEventWritesOneRowWhileInstancesAreKilledAndRestarted() throws Exception {
        schema.create();
        schema.execute("CREATE TABLE " + schema.table("tally_rows") + " (event_id VARCHAR(64) NOT NULL)");
        for (int i = 0; i < 3; i++) {
            nodes.add(startNode("tally-" + i));
        }
        nodes.forEach(NodeProcess::awaitReady);

        int kills = 0;
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()))) {
            Thread dispatcher = new Thread(() -> dispatchAll(client), "fault-dispatcher");
            dispatcher.start();
            // Kill one instance every 2 s, round robin, and start it again at once, until all is settled.
            kills = RollingKills.run(nodes, "tally", this::startNode, () -> distinctRows() >= EVENTS, 200);
            dispatcher.join(TimeUnit.MINUTES.toMillis(3));
        }
        await("every event handled").atMost(Duration.ofMinutes(3)).until(() -> distinctRows() == EVENTS);
        // Redeliveries of events already committed are still coming back from the instances killed last
        await("the queue drained").atMost(Duration.ofMinutes(3)).until(() -> vhost.messages(QUEUE) == 0);

        int rows = schema.count("SELECT COUNT(*) FROM " + schema.table("tally_rows"));
        schema.column("SELECT DISTINCT event_id FROM " + schema.table("tally_rows")).forEach(ledger::completed);
        int skipped = everyNode.stream().mapToInt(node -> node.logged(SKIPPED)).sum();
        Ledger.Tally tally = ledger.report(kills + " instances killed with -9 and restarted; " + rows + " rows for "
                + EVENTS + " events; " + skipped + " redeliveries acknowledged without running; the duplicated"
                + " executions are runs whose transaction the kill rolled back");
        assertThat(kills).as("instances killed while events were in flight").isGreaterThanOrEqualTo(2);
        assertThat(tally.completed()).isEqualTo(EVENTS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(rows).as("one row per event: no effect duplicated, none lost").isEqualTo(EVENTS);
    }

    private void dispatchAll(EnokiClient client) {
        for (int i = 0; i < EVENTS; i++) {
            String id = "event-" + i;
            ledger.sent(id);
            client.dispatch("fault_source", "tick", id);
        }
    }

    private int distinctRows() {
        try {
            return schema.count("SELECT COUNT(DISTINCT event_id) FROM " + schema.table("tally_rows"));
        } catch (SQLException e) {
            throw new IllegalStateException("counting the rows of tally_rows", e);
        }
    }

    private NodeProcess startNode(String name) {
        NodeProcess node = NodeProcess.start(name, "max_workers: 4\n" + schema.nodeConfig(), ledger::nodeLine,
                "--broker", vhost.uri(), "--classpath", FaultSchema.databaseClasses(), TallyService.class.getName());
        everyNode.add(node);
        return node;
    }
}
