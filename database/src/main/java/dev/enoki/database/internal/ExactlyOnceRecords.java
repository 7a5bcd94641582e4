package dev.enoki.database.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.EnokiException;
import dev.enoki.json.Json;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Enoki's table of requests and events whose effects are done, one row per delivery id (an event's names its
 * handler's queue) with the reply sent for it (an event handler's result). A worker
 * claims its request's row before the method runs, in the method's own transaction: a second delivery of the same
 * request waits on the row until the first commits (or rolls back), then finds it and answers from it. Plain SQL
 * that PostgreSQL and H2 both speak.
 */
final class ExactlyOnceRecords {
    static final String TABLE = "enoki_exactly_once";
    /** SQLSTATE of a unique key violation, in PostgreSQL and H2 alike. */
    private static final String DUPLICATE_KEY = "23505";

    private ExactlyOnceRecords() {
    }

    /** Creates the table unless it is there; another instance creating it at the same moment is fine. */
    static void create(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (delivery_id VARCHAR(512) PRIMARY KEY,"
                    + " service VARCHAR(255) NOT NULL, method VARCHAR(255) NOT NULL, reply VARCHAR,"
                    + " recorded_at BIGINT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_recorded_at ON " + TABLE + " (recorded_at)");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            try (Statement s = connection.createStatement()) {
                s.executeQuery("SELECT delivery_id FROM " + TABLE + " WHERE 1 = 0").close();
            } catch (SQLException missing) {
                throw e;
            }
            connection.rollback();
        }
    }

    /**
     * Claims the request in the connection's transaction: null when this worker is the first to, or else the reply
     * recorded for it, after which the transaction is rolled back and empty again. Waits at most {@code waitSeconds}
     * for another delivery of the same request that holds the claim.
     */
    static String claim(Connection connection, String deliveryId, String service, String method, int waitSeconds)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + TABLE
                + " (delivery_id, service, method, recorded_at) VALUES (?, ?, ?, ?)")) {
            // Bounded: the delivery holding the claim may be on an instance that is gone but not yet dropped.
            insert.setQueryTimeout(waitSeconds);
            insert.setString(1, deliveryId);
            insert.setString(2, service);
            insert.setString(3, method);
            insert.setLong(4, System.currentTimeMillis());
            insert.executeUpdate();
            return null;
        } catch (SQLException e) {
            if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                throw e;
            }
        }
        connection.rollback();
        try (PreparedStatement select = connection.prepareStatement("SELECT reply FROM " + TABLE
                + " WHERE delivery_id = ?")) {
            select.setString(1, deliveryId);
            try (ResultSet rows = select.executeQuery()) {
                String reply = rows.next() ? rows.getString(1) : null;
                connection.rollback();
                if (reply == null) {
                    throw new EnokiException("request " + deliveryId + " is recorded without its reply");
                }
                return reply;
            }
        }
    }

    /** Writes the reply to the claimed row; the caller commits it with the method's writes. */
    static void record(Connection connection, String deliveryId, String reply) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLE
                + " SET reply = ? WHERE delivery_id = ?")) {
            update.setString(1, reply);
            update.setString(2, deliveryId);
            update.executeUpdate();
        }
    }

    /** Deletes the rows recorded before {@code before} (epoch milliseconds); returns how many. */
    static int purge(Connection connection, long before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + TABLE
                + " WHERE recorded_at < ?")) {
            delete.setLong(1, before);
            int deleted = delete.executeUpdate();
            connection.commit();
            return deleted;
        }
    }

    /** The result of a recorded reply body ({@code {"result": ..., "error": null}}), as a JSON tree. */
    static JsonNode result(String reply) {
        try {
            return Json.mapper().readTree(reply).get("result");
        } catch (IOException e) {
            throw new EnokiException("a recorded reply is not JSON: " + e.getMessage(), e);
        }
    }
}
