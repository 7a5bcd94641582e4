package dev.enoki.database.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.enoki.EnokiException;
import dev.enoki.ServiceBusy;
import dev.enoki.database.DatabaseOptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** A container's HikariCP pool: connections in a transaction (no auto-commit), waits bounded by the options. */
final class ConnectionPool implements AutoCloseable {
    private final HikariDataSource pool;
    private final DatabaseOptions options;

    /** Opens the pool and its first connection: a database that cannot be reached fails the start. */
    ConnectionPool(DatabaseOptions options, String service) {
        this.options = options;
        HikariConfig config = new HikariConfig();
        config.setPoolName("enoki-db-" + service);
        config.setJdbcUrl(options.url());
        config.setDriverClassName(driverOf(options.url()));
        config.setUsername(options.user());
        config.setPassword(options.password());
        config.setMaximumPoolSize(options.poolSize());
        config.setAutoCommit(false);
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            // The driver's message names the host and the user, never the password.
            throw new EnokiException("cannot open database " + options.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection for one worker. Every connection busy for the whole {@code connection_timeout} is
     * {@link ServiceBusy}, as a full worker pool is: the caller may try again later; a database that cannot be
     * reached is an error of its own.
     */
    Connection borrow() {
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            if (e.getCause() == null) {
                throw new ServiceBusy("no database connection came free within "
                        + options.connectionTimeout().toMillis() + " ms (pool of " + options.poolSize() + ")");
            }
            throw new EnokiException("database " + options.safeUrl() + " unreachable: " + e.getCause().getMessage(), e);
        } catch (SQLException e) {
            throw new EnokiException("database " + options.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The driver class of the drivers this module ships, named so that HikariCP loads it itself: a service loaded
     * from a class path of its own ({@code enoki run --classpath}) has drivers that {@code DriverManager} cannot
     * see. Null for any other: then {@code DriverManager} finds it.
     */
    private static String driverOf(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return "org.postgresql.Driver";
        }
        return url.startsWith("jdbc:h2:") ? "org.h2.Driver" : null;
    }

    @Override
    public void close() {
        pool.close();
    }
}
