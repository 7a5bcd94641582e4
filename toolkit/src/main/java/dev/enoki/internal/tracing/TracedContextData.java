package dev.enoki.internal.tracing;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Context data that names a parent span: the rest of the data ({@link #untraced}) kept apart from the trace context,
 * which is new with every call. A proxy sends the same rest with every call, so a transport encodes it once and adds
 * the trace context to it, and decodes a caller's rest once and puts the trace context back beside it. As a map it
 * is the rest followed by {@code traceparent} (and {@code tracestate} when there is one); it cannot be changed.
 */
public final class TracedContextData extends AbstractMap<String, Object> {
    private final Map<String, Object> untraced;
    private final String traceparent;
    private final String tracestate;

    /**
     * {@code untraced} must hold neither key of the trace context; {@code traceparent} is one as the W3C propagator
     * writes it (lower-case hex and dashes), or was read as such; {@code tracestate} may be null.
     */
    public TracedContextData(Map<String, Object> untraced, String traceparent, String tracestate) {
        this.untraced = untraced;
        this.traceparent = traceparent;
        this.tracestate = tracestate;
    }

    /** The context data without its trace context. */
    public Map<String, Object> untraced() {
        return untraced;
    }

    public String traceparent() {
        return traceparent;
    }

    /** Null when the parent span has no trace state, as is usual. */
    public String tracestate() {
        return tracestate;
    }

    @Override
    public Object get(Object key) {
        if (TraceContextData.TRACEPARENT.equals(key)) {
            return traceparent;
        }
        return TraceContextData.TRACESTATE.equals(key) ? tracestate : untraced.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        if (TraceContextData.TRACEPARENT.equals(key)) {
            return true;
        }
        return TraceContextData.TRACESTATE.equals(key) ? tracestate != null : untraced.containsKey(key);
    }

    @Override
    public int size() {
        return untraced.size() + (tracestate == null ? 1 : 2);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries();
            }

            @Override
            public int size() {
                return TracedContextData.this.size();
            }
        };
    }

    /** The rest's entries, then the trace context's. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private final Iterator<Entry<String, Object>> rest = untraced.entrySet().iterator();
        private int traceEntriesGiven;

        @Override
        public boolean hasNext() {
            return rest.hasNext() || traceEntriesGiven < (tracestate == null ? 1 : 2);
        }

        @Override
        public Entry<String, Object> next() {
            if (rest.hasNext()) {
                return rest.next();
            }
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return traceEntriesGiven++ == 0 ? new SimpleImmutableEntry<>(TraceContextData.TRACEPARENT, traceparent)
                    : new SimpleImmutableEntry<>(TraceContextData.TRACESTATE, tracestate);
        }
    }
}
