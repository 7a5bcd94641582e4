package dev.enoki.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.database.Database;
import dev.enoki.reliability.fixtures.LedgerService;
import dev.enoki.testsupport.ChildJvm;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
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
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
    private static final Pattern ANSWERED_FROM_RECORD = Pattern.compile("answered from the record");

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final String schema = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Ledger ledger = new Ledger("1b kill -9 mid-call, exactly-once into PostgreSQL");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<NodeProcess> everyNode = new ArrayList<>();

    @AfterEach
    void cleanUp() throws SQLException {
        nodes.forEach(NodeProcess::close);
        vhost.close();
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void everyCallIsAnsweredAndWritesOneRowWhileInstancesAreKilledAndRestarted() throws Exception {
        execute("CREATE SCHEMA " + schema);
        execute("CREATE TABLE " + schema + ".ledger_rows (call_id VARCHAR(64) NOT NULL)");
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
            long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (ledger.settledCount() < CALLS && kills < 20) {
                Thread.sleep(50);
                if (System.nanoTime() >= next) {
                    int victim = kills % nodes.size();
                    nodes.get(victim).kill();
                    nodes.set(victim, startNode("ledger-" + victim + "-r" + (++kills)));
                    next = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                }
            }
            caller.join(TimeUnit.MINUTES.toMillis(3));
            await("every call settled").atMost(Duration.ofMinutes(3)).until(() -> ledger.settledCount() == CALLS);
        }

        int rows = count("SELECT COUNT(*) FROM " + schema + ".ledger_rows");
        int distinct = count("SELECT COUNT(DISTINCT call_id) FROM " + schema + ".ledger_rows");
        int fromRecord = everyNode.stream().mapToInt(KillMidCallExactlyOnceIT::answeredFromRecord).sum();
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
        String config = "max_workers: 4\n"
                + "database:\n"
                + "  url: \"" + POSTGRES + "?currentSchema=" + schema + "\"\n"
                + "  user: postgres\n";
        NodeProcess node = NodeProcess.start(name, config, ledger::nodeLine, "--broker", vhost.uri(),
                "--classpath", databaseClasses(), LedgerService.class.getName());
        everyNode.add(node);
        return node;
    }

    /** The database module and what it needs, beside the fixtures on the node's class path. */
    private static String databaseClasses() {
        return String.join(File.pathSeparator, ChildJvm.locationOf(Database.class),
                ChildJvm.locationOf(HikariDataSource.class), ChildJvm.locationOf(org.postgresql.Driver.class),
                ChildJvm.locationOf(Flyway.class));
    }

    private static int answeredFromRecord(NodeProcess node) {
        Matcher m = ANSWERED_FROM_RECORD.matcher(node.log());
        int found = 0;
        while (m.find()) {
            found++;
        }
        return found;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
