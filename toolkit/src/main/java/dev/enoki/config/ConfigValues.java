package dev.enoki.config;

import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * Typed reads of config values, for every options class: a wrong value is a {@link ConfigurationError} naming its
 * key, never a {@code ClassCastException}. Numbers may be written as numbers or as text, since a value expanded from
 * the environment ({@code ${WORKERS}}) is text.
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    public static long wholeNumber(JsonObject json, String key, long fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n && n.doubleValue() == n.longValue()) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationError(key + " must be a whole number, not '" + value + "'");
        }
    }

    public static int integer(JsonObject json, String key, int fallback) {
        long value = wholeNumber(json, key, fallback);
        if (value != (int) value) {
            throw new ConfigurationError(key + " must be at most " + Integer.MAX_VALUE + ", not " + value);
        }
        return (int) value;
    }

    public static double decimal(JsonObject json, String key, double fallback) {
        Object value = json.getValue(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationError(key + " must be a number, not '" + value + "'");
        }
    }

    /**
     * true or false, as YAML writes them or as text (from the environment, say); {@code fallback} when unset or
     * empty.
     */
    public static boolean flag(String key, Object value, boolean fallback) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value == null ? "" : value.toString().trim().toLowerCase(java.util.Locale.ROOT);
        if (text.isEmpty()) {
            return fallback;
        }
        if (text.equals("true") || text.equals("false")) {
            return text.equals("true");
        }
        throw new ConfigurationError(key + " must be true or false, not '" + value + "'");
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}... or a number of seconds; see {@link Durations}. */
    public static Duration duration(JsonObject json, String key, Duration fallback) {
        try {
            return Durations.fromConfig(json.getValue(key), fallback);
        } catch (ConfigurationError e) {
            throw new ConfigurationError(key + ": " + e.getMessage(), e);
        }
    }

    /** {@code [host:]port} as {@code host:port}; a bare port listens on every interface. */
    public static String hostAndPort(String key, String address) {
        String text = address.trim();
        String full = text.contains(":") ? text : "0.0.0.0:" + text;
        try {
            Integer.parseInt(full.substring(full.lastIndexOf(':') + 1));
        } catch (NumberFormatException e) {
            throw new ConfigurationError(key + " must be [host:]port, not '" + address + "'");
        }
        return full;
    }
}
