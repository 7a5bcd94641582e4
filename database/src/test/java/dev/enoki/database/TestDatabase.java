package dev.enoki.database;

import io.vertx.core.json.JsonObject;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database of one test's own: a fresh schema of the real PostgreSQL at 127.0.0.1:5432 (database {@code test},
 * user {@code postgres}), dropped on close, or a fresh in-memory H2 database.
 */
final class TestDatabase implements AutoCloseable {
    static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

    private final String kind;
    private final String url;
    private final String schema;

    private TestDatabase(String kind, String url, String schema) {
        this.kind = kind;
        this.url = url;
        this.schema = schema;
    }

    static TestDatabase of(String kind) throws SQLException {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (kind.equals("h2")) {
            // A wait on another delivery's claim ends at the claim's own deadline, not at H2's 2 s lock timeout
            return new TestDatabase(kind, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=20000", null);
        }
        try (Connection c = DriverManager.getConnection(POSTGRES, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + name);
        }
        return new TestDatabase(kind, POSTGRES + "?currentSchema=" + name, name);
    }

    /** The {@code database} section pointing at it. */
    JsonObject section() {
        JsonObject section = new JsonObject().put("url", url);
        return schema == null ? section : section.put("user", "postgres");
    }

    /** Rows of {@code table}, counted on a connection of the test's own. */
    int rows(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    Connection connect() throws SQLException {
        return schema == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, "postgres", "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(schema == null ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Override
    public String toString() {
        return kind;
    }
}
