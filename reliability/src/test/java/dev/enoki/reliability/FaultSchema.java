package dev.enoki.reliability;

import com.zaxxer.hikari.HikariDataSource;
import dev.enoki.database.Database;
import dev.enoki.testsupport.ChildJvm;
import org.flywaydb.core.Flyway;

import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A schema of one scenario's own in the real PostgreSQL at 127.0.0.1:5432 (database {@code test}), made by
 * {@link #create()} and dropped on close, with the config and the class path a node needs to reach it through
 * {@code @Database}.
 */
final class FaultSchema implements AutoCloseable {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String name = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    void create() throws SQLException {
        execute("CREATE SCHEMA " + name);
    }

    /** {@code table} qualified with the schema, for the test's own statements. */
    String table(String table) {
        return name + "." + table;
    }

    /** The node's {@code database} section (YAML). */
    String nodeConfig() {
        return "database:\n"
                + "  url: \"" + POSTGRES + "?currentSchema=" + name + "\"\n"
                + "  user: postgres\n";
    }

    /** The database module and what it needs, for a node's {@code --classpath} beside the fixtures. */
    static String databaseClasses() {
        return String.join(File.pathSeparator, ChildJvm.locationOf(Database.class),
                ChildJvm.locationOf(HikariDataSource.class), ChildJvm.locationOf(org.postgresql.Driver.class),
                ChildJvm.locationOf(Flyway.class));
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    int count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** The first column of every row {@code sql} selects. */
    Set<String> column(String sql) throws SQLException {
        Set<String> values = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(POSTGRES, "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
}
