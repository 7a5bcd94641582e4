package dev.enoki.internal.tracing;

import dev.enoki.WorkerContext;
import dev.enoki.transport.EventMessage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Spans of events: a PRODUCER span for each dispatch, whose context the event carries in its context data, and the
 * CONSUMER span of each handler's worker ({@link WorkerSpan}), its child. Named as the messaging conventions say,
 * {@code publish <source>.<event>} and {@code process <source>.<event>}; the destination is Nameko's exchange,
 * {@code <source>.events}, the event type its routing key.
 */
public final class EventSpans {
    private EventSpans() {
    }

    static SpanBuilder builder(String operation, String source, String eventType, String transport, SpanKind kind) {
        return Tracing.tracer().spanBuilder(operation + " " + source + "." + eventType).setSpanKind(kind)
                .setAttribute(Tracing.MESSAGING_SYSTEM, Tracing.messagingSystem(transport))
                .setAttribute(Tracing.MESSAGING_OPERATION_TYPE, operation)
                .setAttribute(Tracing.MESSAGING_OPERATION_NAME, operation)
                .setAttribute(Tracing.MESSAGING_DESTINATION, source + ".events")
                .setAttribute(Tracing.ROUTING_KEY, eventType);
    }

    /** Dispatches {@code event} through {@code send} inside a PRODUCER span, a child of the current span. */
    public static Future<Void> dispatch(EventMessage event, String transport,
                                        Function<EventMessage, Future<Void>> send) {
        Context parent = Context.current();
        SpanBuilder builder = builder("publish", event.source(), event.eventType(), transport, SpanKind.PRODUCER)
                .setParent(parent);
        String caller = callerOf(event.context());
        if (caller != null) {
            builder.setAttribute(Tracing.CALL_ID, caller);
        }
        Span span = builder.startSpan();
        Map<String, Object> context = TraceContextData.with(event.context(), span);
        Future<Void> sent;
        try {
            sent = send.apply(new EventMessage(event.source(), event.eventType(), event.body(), context));
        } catch (RuntimeException e) {
            SpanErrors.recordRaised(span, e);
            span.end();
            throw e;
        }
        return sent.onComplete(outcome -> {
            if (outcome.failed()) {
                SpanErrors.recordReceived(span, outcome.cause());
            }
            span.end();
        });
    }

    /** The call id of whoever sends with this context data: the last of its call id stack. */
    static String callerOf(Map<String, Object> contextData) {
        Object stack = contextData.get(WorkerContext.CALL_ID_STACK);
        if (stack instanceof List<?> ids && !ids.isEmpty()) {
            return String.valueOf(ids.get(ids.size() - 1));
        }
        return stack == null ? null : stack.toString();
    }
}
