package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.MalformedRequest;
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
 * exception, or passes it on.
 */
public final class RpcCaller {
    private final Transport transport;
    private final Map<String, Object> contextData;

    public RpcCaller(Transport transport, Map<String, Object> contextData) {
        this.transport = transport;
        this.contextData = contextData;
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
        return transport.call(new RpcRequest(service, method, requestBody, contextData, deadline));
    }
}
