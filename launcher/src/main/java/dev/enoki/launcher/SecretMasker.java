package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Config as it may be shown: the value of every key named like a secret ({@code password}, {@code secret},
 * {@code token}, {@code api_key}...) and the password inside every URI ({@code amqp://user:pw@host}) masked.
 */
public final class SecretMasker {
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|credential).*");
    private static final Pattern URI_PASSWORD = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*:)[^@/\\s]*@");

    /** The same mask a worker's logs put over a sensitive argument. */
    static final String MASK = "********";

    private SecretMasker() {
    }

    public static JsonObject mask(JsonObject config) {
        JsonObject masked = new JsonObject();
        for (Map.Entry<String, Object> entry : config) {
            masked.put(entry.getKey(), SECRET_KEY.matcher(entry.getKey()).matches() && entry.getValue() != null
                    ? MASK : maskValue(entry.getValue()));
        }
        return masked;
    }

    /** The URI with any password replaced: {@code amqp://guest:********@localhost:5672/}. */
    public static String maskUri(String text) {
        return URI_PASSWORD.matcher(text).replaceAll("$1" + MASK + "@");
    }

    private static Object maskValue(Object value) {
        if (value instanceof JsonObject object) {
            return mask(object);
        }
        if (value instanceof JsonArray array) {
            JsonArray masked = new JsonArray();
            array.forEach(v -> masked.add(maskValue(v)));
            return masked;
        }
        return value instanceof String text ? maskUri(text) : value;
    }
}
