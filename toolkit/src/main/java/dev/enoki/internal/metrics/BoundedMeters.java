package dev.enoki.internal.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Meters looked up by a plain key, since registering a meter again on every call costs more than the call's own
 * work. At most {@code limit} keys: past them every new key shares the overflow meter, so names a caller makes up
 * cannot grow the series without end.
 */
final class BoundedMeters<M> {
    static final String OTHER = "_other";

    private final Map<String, M> meters = new ConcurrentHashMap<>();
    private final int limit;

    BoundedMeters(int limit) {
        this.limit = limit;
    }

    /** The meter of {@code key}, made by {@code make}; once full, the one {@code make} gives for {@link #OTHER}. */
    M get(String key, Function<String, M> make) {
        M meter = meters.get(key);
        if (meter != null) {
            return meter;
        }
        if (meters.size() >= limit) {
            return meters.computeIfAbsent(OTHER, make);
        }
        return meters.computeIfAbsent(key, make);
    }
}
