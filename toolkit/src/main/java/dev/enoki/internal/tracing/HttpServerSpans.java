package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.Span;
import io.vertx.core.MultiMap;

import java.util.Map;

/**
 * What an HTTP entrypoint adds to its worker's SERVER span: the standard {@code traceparent}/{@code tracestate}
 * headers become the worker's context data (so the caller's span is the parent), and once the request method is
 * known the span takes the conventional name {@code <METHOD> <route>}.
 */
public final class HttpServerSpans {
    private HttpServerSpans() {
    }

    /** Copies the trace context headers into {@code contextData}. */
    public static void carry(MultiMap headers, Map<String, Object> contextData) {
        String parent = headers.get(TraceContextData.TRACEPARENT);
        if (parent != null) {
            contextData.put(TraceContextData.TRACEPARENT, parent);
            String state = headers.get(TraceContextData.TRACESTATE);
            if (state != null) {
                contextData.put(TraceContextData.TRACESTATE, state);
            }
        }
    }

    /** Names the current (the worker's) span for the request; called on the worker's thread. */
    public static void describe(String method, String route, String path) {
        Span.current().updateName(method + " " + route)
                .setAttribute(Tracing.HTTP_METHOD, method)
                .setAttribute(Tracing.URL_PATH, path);
    }
}
