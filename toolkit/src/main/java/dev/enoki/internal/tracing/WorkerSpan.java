package dev.enoki.internal.tracing;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.EventHandler;
import dev.enoki.Http;
import dev.enoki.Rpc;
import dev.enoki.Timer;
import dev.enoki.WorkerContext;
import dev.enoki.http.HttpReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

import java.lang.annotation.Annotation;
import java.util.Map;

/**
 * The span of one worker, current on the worker's thread from before its dependencies are injected until its reply
 * has been handed on, so every call and event the worker makes is its child. Its kind follows the entrypoint: an
 * RPC is served (SERVER), an event handled (CONSUMER), a request answered (SERVER), a timer ticks (INTERNAL). The
 * parent is the trace context the worker's context data carries; without one the worker starts a trace.
 */
public final class WorkerSpan {
    private final Span span;
    private final Context context;
    private Scope scope;

    private WorkerSpan(Span span, Context context) {
        this.span = span;
        this.context = context;
        this.scope = context.makeCurrent();
    }

    /**
     * Starts the span under the parent {@code contextData} (the worker's incoming context data) names, and makes it
     * current on this thread; {@link #end} must follow on the same thread.
     */
    public static WorkerSpan start(WorkerContext worker, Map<String, Object> contextData) {
        Context parent = TraceContextData.parentOf(contextData);
        String transport = worker.container().transport().name();
        Span span = builderFor(worker, transport)
                .setParent(parent)
                .setAttribute(Tracing.CALL_ID, worker.callId())
                .setAttribute(Tracing.TRANSPORT, transport)
                .startSpan();
        return new WorkerSpan(span, span.storeInContext(parent));
    }

    private static SpanBuilder builderFor(WorkerContext worker, String transport) {
        String service = worker.serviceName();
        String method = worker.methodName();
        Annotation annotation = worker.entrypoint() instanceof AbstractEntrypoint<?> e ? e.annotation() : null;
        if (annotation instanceof Rpc) {
            return Tracing.tracer().spanBuilder(SpanNames.rpc(service, method)).setSpanKind(SpanKind.SERVER)
                    .setAttribute(Tracing.RPC_SYSTEM, Tracing.RPC_SYSTEM_NAMEKO)
                    .setAttribute(Tracing.RPC_SERVICE, service)
                    .setAttribute(Tracing.RPC_METHOD, method);
        }
        if (annotation instanceof EventHandler handler) {
            return EventSpans.builder("process", handler.source(), handler.event(), transport, SpanKind.CONSUMER);
        }
        if (annotation instanceof Http http) {
            return Tracing.tracer().spanBuilder(http.path()).setSpanKind(SpanKind.SERVER)
                    .setAttribute(Tracing.HTTP_ROUTE, http.path());
        }
        String name = annotation instanceof Timer ? "timer " + service + "." + method : service + "." + method;
        return Tracing.tracer().spanBuilder(name).setSpanKind(SpanKind.INTERNAL);
    }

    public Span span() {
        return span;
    }

    /** No longer current on this thread: a non-blocking worker waits for its future and leaves the event loop. */
    public void suspend() {
        scope.close();
        scope = Scope.noop();
    }

    /** Current again on this thread, where the non-blocking worker goes on; {@link #end} follows there. */
    public void resume() {
        scope = context.makeCurrent();
    }

    /** Records how the worker ended ({@code reply} is what its entrypoint made of the outcome) and ends the span. */
    public void end(Object reply, Throwable error) {
        try {
            if (error != null) {
                SpanErrors.recordRaised(span, error);
            }
            if (reply instanceof HttpReply http) {
                span.setAttribute(Tracing.HTTP_STATUS, http.status());
                if (http.status() >= 500 && error == null) {
                    span.setStatus(StatusCode.ERROR);
                }
            }
        } finally {
            scope.close();
            span.end();
        }
    }
}
