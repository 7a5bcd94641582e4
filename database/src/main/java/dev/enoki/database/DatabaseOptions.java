package dev.enoki.database;

import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code database} section of the config, each key falling back to its environment variable:
 * <pre>
 * database:
 *   url: jdbc:postgresql://127.0.0.1:5432/shop   (ENOKI_DATABASE_URL; none: in-memory H2 of the service's own)
 *   user: shop                                    (ENOKI_DATABASE_USER)
 *   password: secret                              (ENOKI_DATABASE_PASSWORD; never logged)
 *   pool_size: 10                                 (default: the container's max_workers)
 *   connection_timeout: 2s                        (a worker waiting longer for a connection gets ServiceBusy)
 *   exactly_once_retention: 7d                    (how long recorded replies of exactlyOnce methods are kept)
 * </pre>
 */
public record DatabaseOptions(String url, String user, String password, int poolSize, Duration connectionTimeout,
                              Duration exactlyOnceRetention) {
    public static final String SECTION = "database";
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** HikariCP waits at least this long for a connection. */
    private static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(250);

    public DatabaseOptions {
        if (poolSize < 1) {
            throw new ConfigurationError("database.pool_size must be at least 1, not " + poolSize);
        }
        if (connectionTimeout.compareTo(SHORTEST_TIMEOUT) < 0) {
            throw new ConfigurationError("database.connection_timeout must be at least 250ms, not " + connectionTimeout);
        }
    }

    /** The options of a container's config; {@code service} names the H2 database used when no URL is set. */
    public static DatabaseOptions fromConfig(JsonObject config, Map<String, String> env, String service,
                                             int maxWorkers) {
        Object value = config.getValue(SECTION);
        if (value != null && !(value instanceof JsonObject)) {
            throw new ConfigurationError("database must be a mapping (url, user, password...), not '" + value + "'");
        }
        JsonObject section = value == null ? new JsonObject() : (JsonObject) value;
        String url = text(section, "url", env.get("ENOKI_DATABASE_URL"));
        return new DatabaseOptions(
                url == null ? "jdbc:h2:mem:" + service + ";DB_CLOSE_DELAY=-1" : url,
                text(section, "user", env.get("ENOKI_DATABASE_USER")),
                text(section, "password", env.get("ENOKI_DATABASE_PASSWORD")),
                ConfigValues.integer(section, "pool_size", maxWorkers),
                ConfigValues.duration(section, "connection_timeout", DEFAULT_CONNECTION_TIMEOUT),
                ConfigValues.duration(section, "exactly_once_retention", DEFAULT_RETENTION));
    }

    private static String text(JsonObject section, String key, String fallback) {
        Object value = section.getValue(key);
        String text = value == null ? fallback : value.toString();
        return text == null || text.isBlank() ? null : text;
    }

    /** The URL with what follows {@code ?} or {@code ;} hidden, as a password may ride there. */
    public String safeUrl() {
        int cut = url.length();
        for (char c : new char[] {'?', ';'}) {
            int at = url.indexOf(c);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return cut == url.length() ? url : url.substring(0, cut) + "…";
    }

    @Override
    public String toString() {
        return "DatabaseOptions[url=" + safeUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "********")
                + ", poolSize=" + poolSize + ", connectionTimeout=" + connectionTimeout
                + ", exactlyOnceRetention=" + exactlyOnceRetention + "]";
    }
}
