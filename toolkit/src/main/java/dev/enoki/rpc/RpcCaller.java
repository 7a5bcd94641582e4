package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.MalformedRequest;
import dev.enoki.internal.tracing.RpcClientSpan;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes RPC calls on a transport with a caller's context data: writes Nameko's request body ({@link RequestBody}) and
 * sets the deadline. The reply body comes back as it was sent; {@link ReplyBody} turns it into a result or an
 * exception, or passes it on. A traced caller wraps each call in a client span whose trace context the request
 * carries; an untraced one runs no tracing code at all.
 */
public final class RpcCaller {
    private final Transport transport;
    private final Map<String, Object> contextData;
    private final boolean traced;

    public RpcCaller(Transport transport, Map<String, Object> contextData) {
        this(transport, contextData, false);
    }

    /** {@code traced}: the {@code tracing} option; each call is a client span, a child of the current span. */
    public RpcCaller(Transport transport, Map<String, Object> contextData, boolean traced) {
        this.transport = transport;
        this.contextData = contextData;
        this.traced = traced;
    }

    /** Sends the call; the reply body comes back undecoded so the caller chooses where to decode it. */
    public Future<Buffer> send(String service, String method, List<?> args, Map<String, ?> kwargs, Duration timeout) {
        Buffer body;
        try {
            body = RequestBody.of(args, kwargs);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getMessage()));
        }
        return send(service, method, body, timeout);
    }

    /** Sends a request body already in Nameko's form, {@code {"args": [...], "kwargs": {...}}}. */
    public Future<Buffer> send(String service, String method, Buffer requestBody, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        RpcRequest request = new RpcRequest(service, method, requestBody, contextData, deadline);
        return traced ? RpcClientSpan.call(request, transport.name(), transport::call) : transport.call(request);
    }
}
