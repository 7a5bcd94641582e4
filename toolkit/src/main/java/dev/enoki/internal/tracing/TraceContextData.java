package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
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
        return W3C.extract(Context.root(), contextData, GETTER);
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
