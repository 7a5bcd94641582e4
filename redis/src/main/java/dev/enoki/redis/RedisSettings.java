package dev.enoki.redis;

import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.util.Map;

/**
 * The {@code redis} section of the config:
 * <pre>
 * redis:
 *   url: redis://:secret@cache:6379/0   (ENOKI_REDIS_URL; default redis://127.0.0.1:6379; the password never logged)
 *   pool_size: 10                       (default: the container's max_workers)
 * </pre>
 */
public record RedisSettings(String url, int poolSize) {
    public static final String SECTION = "redis";
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    public RedisSettings {
        if (poolSize < 1) {
            throw new ConfigurationError("redis.pool_size must be at least 1, not " + poolSize);
        }
    }

    public static RedisSettings fromConfig(JsonObject config, Map<String, String> env, int maxWorkers) {
        Object value = config.getValue(SECTION);
        if (value != null && !(value instanceof JsonObject)) {
            throw new ConfigurationError("redis must be a mapping (url, pool_size), not '" + value + "'");
        }
        JsonObject section = value == null ? new JsonObject() : (JsonObject) value;
        Object url = section.getValue("url", env.get("ENOKI_REDIS_URL"));
        return new RedisSettings(url == null || url.toString().isBlank() ? DEFAULT_URL : url.toString(),
                ConfigValues.integer(section, "pool_size", maxWorkers));
    }

    /** The URL without its user info, where the password is. */
    public String safeUrl() {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getPath() == null ? "" : uri.getPath());
        } catch (Exception e) {
            return "(a redis URL that does not parse)";
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + safeUrl() + ", poolSize=" + poolSize + "]";
    }
}
