package dev.enoki.internal.resilience;

import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonObject;

/** A policy's section of a container's config: empty when it is left out, an error when it is not a section. */
final class Sections {
    private Sections() {
    }

    static JsonObject of(JsonObject config, String name) {
        Object value = config.getValue(name);
        if (value == null) {
            return new JsonObject();
        }
        if (!(value instanceof JsonObject section)) {
            throw new ConfigurationError(name + " must be a section of keys, not '" + value + "'");
        }
        return section;
    }
}
