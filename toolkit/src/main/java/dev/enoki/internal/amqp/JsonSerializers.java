package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Nameko's serializer keys, held to what Enoki speaks: JSON. {@code serializer} and each {@code ACCEPT} entry must be
 * {@code json} or {@code application/json}, or a name {@code SERIALIZERS} registers with the content type
 * {@code application/json} (its Python encoder and decoder are not Enoki's concern: Enoki's own JSON codec serves it).
 * Anything else is refused when the transport is made, naming the key and the value.
 */
final class JsonSerializers {
    private JsonSerializers() {
    }

    static void check(JsonObject config) {
        Set<String> json = new HashSet<>(Set.of("json", AmqpSettings.CONTENT_TYPE));
        Object registered = config.getValue("SERIALIZERS");
        if (registered instanceof JsonObject serializers) {
            serializers.forEach(entry -> json.add(registeredJson(entry.getKey(), entry.getValue())));
        } else if (registered != null) {
            throw new ConfigurationError("SERIALIZERS must be a map of serializer names to their settings, not '"
                    + registered + "'");
        }
        Object serializer = config.getValue("serializer", "json");
        if (!json.contains(String.valueOf(serializer))) {
            throw new ConfigurationError("serializer '" + serializer + "' is not supported: Enoki speaks JSON "
                    + "(application/json) only, which every Nameko service accepts by default");
        }
        Object accept = config.getValue("ACCEPT");
        List<?> accepted = accept instanceof JsonArray list ? list.getList()
                : accept == null ? List.of() : List.of(accept);
        for (Object name : accepted) {
            if (!json.contains(String.valueOf(name))) {
                throw new ConfigurationError("ACCEPT '" + name + "' is not supported: Enoki accepts JSON "
                        + "(json, application/json) only");
            }
        }
    }

    /** The name of a serializer SERIALIZERS registers, when its content type is JSON. */
    private static String registeredJson(String name, Object settings) {
        Object contentType = settings instanceof JsonObject map ? map.getValue("content_type") : null;
        if (!AmqpSettings.CONTENT_TYPE.equals(contentType)) {
            throw new ConfigurationError("SERIALIZERS '" + name + "' has content_type '" + contentType + "': Enoki "
                    + "speaks JSON (application/json) only");
        }
        return name;
    }
}
