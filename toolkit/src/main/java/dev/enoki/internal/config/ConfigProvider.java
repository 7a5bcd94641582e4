package dev.enoki.internal.config;

import com.fasterxml.jackson.databind.JavaType;
import dev.enoki.AbstractDependencyProvider;
import dev.enoki.Config;
import dev.enoki.ConfigurationError;
import dev.enoki.WorkerContext;
import dev.enoki.json.Json;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * {@code @Config} / {@code @Config("dotted.key")}: the container's config, or one value of it, bound to the field's
 * type. A key is first looked up whole ({@code AMQP_URI}, {@code orders.max_items} as one key), then as a path.
 * Each worker gets its own copy, so one worker cannot change what the next one sees.
 */
public final class ConfigProvider extends AbstractDependencyProvider<Config, Object> {
    private JavaType type;
    private Object raw;
    private boolean missing;

    public ConfigProvider() {
        super(Config.class);
    }

    @Override
    public Future<Void> setup() {
        type = Json.type(field.getGenericType());
        String key = annotation.value();
        JsonObject config = container.config();
        raw = key.isEmpty() ? config.getMap() : lookup(config, key);
        missing = raw == null && !(key.isEmpty());
        if (missing && type.getRawClass() != Optional.class) {
            return Future.failedFuture(new ConfigurationError("config has no value for '" + key + "' needed by "
                    + container.serviceName() + "." + field.getName()));
        }
        try {
            get(null);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ConfigurationError("config value '" + key + "' does not fit "
                    + field.getGenericType().getTypeName() + ": " + e.getMessage(), e));
        }
        return Future.succeededFuture();
    }

    @Override
    public Object get(WorkerContext worker) {
        if (missing) {
            return Optional.empty();
        }
        return Json.mapper().convertValue(raw, type);
    }

    private static Object lookup(JsonObject config, String key) {
        if (config.containsKey(key)) {
            return config.getValue(key);
        }
        Object node = config;
        for (String part : key.split("\\.")) {
            if (!(node instanceof JsonObject object) || !object.containsKey(part)) {
                return null;
            }
            node = object.getValue(part);
        }
        return node;
    }
}
