package dev.enoki.config;

import dev.enoki.ConfigurationError;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people write them in annotations and config: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, ISO-8601, or bare seconds. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?");

    private Durations() {
    }

    public static Duration parse(String text) {
        String t = text.trim();
        if (t.startsWith("P") || t.startsWith("p")) {
            try {
                return Duration.parse(t);
            } catch (RuntimeException e) {
                throw new ConfigurationError("not a duration: '" + text + "'", e);
            }
        }
        Matcher m = SIMPLE.matcher(t);
        if (!m.matches()) {
            throw new ConfigurationError("not a duration: '" + text + "' (try 500ms, 5s, 2m, 1h)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 86_400_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** A duration from config: a string as above, or a number of seconds. */
    public static Duration fromConfig(Object value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof Number n ? Duration.ofMillis(Math.round(n.doubleValue() * 1000)) : parse(value.toString());
    }

    /** The way {@link #parse} reads it back, in the largest whole unit: {@code 30s}, {@code 1500ms}, {@code 2m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
