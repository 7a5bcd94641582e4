package dev.enoki.internal.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters looked up by their labels, since registering a meter again on every call costs more than the call's own
 * work. At most {@code limit} series: past them every new one shares the overflow meter, so names a caller makes up
 * cannot grow the series without end.
 */
final class BoundedMeters<M> {
    static final String OTHER = "_other";

    /**
     * The labels that tell one series from another: a service and its method, or an event's source and type, and
     * the outcome. Looked up as they are, as the names a call carries already know their hash codes; a key made of
     * them by concatenation would be a new string to hash on every call.
     */
    record Labels(String owner, String name, String errorType) {
        static final Labels OVERFLOW = new Labels(OTHER, OTHER, OTHER);
    }

    private final Map<Labels, M> meters = new ConcurrentHashMap<>();
    private final int limit;

    BoundedMeters(int limit) {
        this.limit = limit;
    }

    /** The meter of {@code labels}, made by {@code make}; once full, the one it makes of {@link Labels#OVERFLOW}. */
    M get(Labels labels, Function<Labels, M> make) {
        M meter = meters.get(labels);
        if (meter != null) {
            return meter;
        }
        if (meters.size() >= limit) {
            return meters.computeIfAbsent(Labels.OVERFLOW, make);
        }
        return meters.computeIfAbsent(labels, make);
    }
}
