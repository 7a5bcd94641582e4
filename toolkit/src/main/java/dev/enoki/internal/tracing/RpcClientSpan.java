package dev.enoki.internal.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.RpcRequest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.function.Function;

/**
 * The CLIENT span of one RPC call, a child of the span current where the call is made (a worker's, a gateway
 * request's). The request carries the span's context in its context data, so the server's span is its child. An
 * error comes back either as a failed call (a timeout, an unknown service) or as a reply whose error dict is set;
 * both are recorded under their Nameko names.
 */
public final class RpcClientSpan {
    private RpcClientSpan() {
    }

    /** Sends {@code request} through {@code send} inside the span, which ends when the reply (or failure) is in. */
    public static Future<Buffer> call(RpcRequest request, String transport, Function<RpcRequest, Future<Buffer>> send) {
        Context parent = Context.current();
        SpanBuilder builder = Tracing.tracer().spanBuilder(SpanNames.rpc(request.service(), request.method()))
                .setSpanKind(SpanKind.CLIENT)
                .setParent(parent)
                .setAttribute(Tracing.RPC_SYSTEM, Tracing.RPC_SYSTEM_NAMEKO)
                .setAttribute(Tracing.RPC_SERVICE, request.service())
                .setAttribute(Tracing.RPC_METHOD, request.method())
                .setAttribute(Tracing.TRANSPORT, transport);
        String caller = EventSpans.callerOf(request.context());
        if (caller != null) {
            builder.setAttribute(Tracing.CALL_ID, caller);
        }
        Span span = builder.startSpan();
        RpcRequest traced = new RpcRequest(request.service(), request.method(), request.body(),
                TraceContextData.with(request.context(), span), request.deadline());
        Future<Buffer> reply;
        try {
            reply = send.apply(traced);
        } catch (RuntimeException e) {
            SpanErrors.recordRaised(span, e);
            span.end();
            throw e;
        }
        return reply.onComplete(outcome -> {   // the same future: its later listeners see the span ended
            try {
                if (outcome.failed()) {
                    SpanErrors.recordReceived(span, outcome.cause());
                } else {
                    JsonNode error = ReplyBody.errorOf(outcome.result());
                    if (error != null) {
                        SpanErrors.record(span, error);
                    }
                }
            } finally {
                span.end();
            }
        });
    }
}
