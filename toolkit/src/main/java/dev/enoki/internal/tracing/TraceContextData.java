package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3C trace context as context data: the keys {@value #TRACEPARENT} and {@value #TRACESTATE}. Context data travels
 * with every call and event on both transports (on RabbitMQ as {@code nameko.traceparent} headers, which a Python
 * Nameko service passes on unchanged in the calls it makes), so a trace crosses every hop without a carrier of its
 * own.
 */
public final class TraceContextData {
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";
    /** {@code 00-<32 hex>-<16 hex>-<2 hex>}. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, Object>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            Object value = carrier == null ? null : carrier.get(key);
            return value == null ? null : value.toString();
        }
    };

    private TraceContextData() {
    }

    /** The remote parent the context data names, on the root context; the root context alone when it names none. */
    public static Context parentOf(Map<String, Object> contextData) {
        if (contextData instanceof TracedContextData traced && traced.tracestate() == null) {
            Context parent = parentOf(traced.traceparent());
            if (parent != null) {
                return parent;
            }
        }
        return W3C.extract(Context.root(), contextData, GETTER);
    }

    /**
     * The parent a traceparent of version 00 names, read in place, as a transport's own context data carries it;
     * null for anything else, which the propagator reads.
     */
    private static Context parentOf(String traceparent) {
        if (traceparent.length() != TRACEPARENT_LENGTH || !traceparent.startsWith("00-")
                || traceparent.charAt(35) != '-' || traceparent.charAt(52) != '-'
                || !isLowerHex(traceparent.charAt(53)) || !isLowerHex(traceparent.charAt(54))) {
            return null;
        }
        SpanContext ids = SpanContext.createFromRemoteParent(traceparent.substring(3, 35),
                traceparent.substring(36, 52), TraceFlags.fromHex(traceparent, 53), TraceState.getDefault());
        return ids.isValid() ? Context.root().with(Span.wrap(ids)) : Context.root();
    }

    private static boolean isLowerHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
    }

    /**
     * {@code contextData} naming {@code span} as the parent of what it is sent with: the data itself with the trace
     * context beside it, not a copy, so that a transport encodes the same rest only once.
     */
    public static Map<String, Object> with(Map<String, Object> contextData, Span span) {
        Map<String, Object> untraced = untraced(contextData);
        SpanContext ids = span.getSpanContext();
        if (!ids.isValid()) {
            return untraced;
        }
        if (ids.getTraceState().isEmpty()) {   // as the propagator writes it, without its buffers or a Context
            return new TracedContextData(untraced,
                    "00-" + ids.getTraceId() + "-" + ids.getSpanId() + "-" + ids.getTraceFlags().asHex(), null);
        }
        Injected injected = new Injected();
        W3C.inject(Context.root().with(span), injected, Injected::put);
        return new TracedContextData(untraced, injected.traceparent, injected.tracestate);
    }

    /** {@code contextData} without its trace context; an incoming tracestate must not outlive its traceparent. */
    private static Map<String, Object> untraced(Map<String, Object> contextData) {
        if (contextData instanceof TracedContextData traced) {
            return traced.untraced();
        }
        if (!contextData.containsKey(TRACEPARENT) && !contextData.containsKey(TRACESTATE)) {
            return contextData;
        }
        Map<String, Object> out = new LinkedHashMap<>(contextData);
        out.remove(TRACEPARENT);
        out.remove(TRACESTATE);
        return out;
    }

    /** What the propagator writes. */
    private static final class Injected {
        private String traceparent;
        private String tracestate;

        void put(String key, String value) {
            if (TRACEPARENT.equals(key)) {
                traceparent = value;
            } else if (TRACESTATE.equals(key)) {
                tracestate = value;
            }
        }
    }
}
