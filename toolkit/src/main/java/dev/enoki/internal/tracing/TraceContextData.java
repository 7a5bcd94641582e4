package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

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
    private static final TextMapSetter<Map<String, Object>> SETTER = Map::put;

    private TraceContextData() {
    }

    /** The remote parent the context data names, on the root context; the root context alone when it names none. */
    public static Context parentOf(Map<String, Object> contextData) {
        return W3C.extract(Context.root(), contextData, GETTER);
    }

    /** A copy of {@code contextData} that names {@code context}'s span as the parent of what it is sent with. */
    public static Map<String, Object> with(Map<String, Object> contextData, Context context) {
        Map<String, Object> out = new LinkedHashMap<>(contextData);
        out.remove(TRACEPARENT);   // an incoming tracestate must not outlive the traceparent it came with
        out.remove(TRACESTATE);
        W3C.inject(context, out, SETTER);
        return out;
    }
}
