package dev.enoki.database.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/** One worker's connection and where its transaction stands. Used by the worker's thread only. */
final class WorkerTransaction {
    private static final Logger log = LoggerFactory.getLogger(WorkerTransaction.class);

    final Connection connection;
    /** The delivery id this worker claimed, to record its reply under; null when not exactly-once. */
    String claimed;
    /** Answered from the record: the method did not run and nothing is to be written. */
    boolean answeredFromRecord;
    private boolean finished;

    WorkerTransaction(Connection connection) {
        this.connection = connection;
    }

    void commit() throws SQLException {
        finished = true;
        connection.commit();
    }

    void rollback() throws SQLException {
        finished = true;
        connection.rollback();
    }

    /** Rolls back what no hook finished (a worker that failed before its method) and gives the connection back. */
    void close(String callId) {
        try (connection) {
            if (!finished) {
                connection.rollback();
            }
        } catch (SQLException e) {
            log.warn("{}: closing its database connection failed: {}", callId, e.getMessage());
        }
    }
}
