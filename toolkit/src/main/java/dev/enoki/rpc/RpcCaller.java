package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.MalformedRequest;
import dev.enoki.RpcTimeout;
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
 * sets the deadline, within what is left of the deadline of the call being served. The reply body comes back as it was sent; {@link ReplyBody} turns it into a result or an
 * exception, or passes it on.
 */
public final class RpcCaller {
    private final Transport transport;
    private final Map<String, Object> contextData;
    private final long budget;

    public RpcCaller(Transport transport, Map<String, Object> contextData) {
        this(transport, contextData, 0);
    }

    /**
     * A caller inside a worker whose own caller waits until {@code budget} (epoch milliseconds, 0 for none): no call
     * made here outlives it, so a chain of calls ends by its first caller's deadline however slow its last hop.
     */
    public RpcCaller(Transport transport, Map<String, Object> contextData, long budget) {
        this.transport = transport;
        this.contextData = contextData;
        this.budget = budget;
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
        long now = System.currentTimeMillis();
        long deadline = now + timeout.toMillis();
        if (budget != 0) {
            if (now >= budget) {
                return Future.failedFuture(new RpcTimeout(service + "." + method
                        + " was not sent: the deadline of the call that asked for it has passed"));
            }
            deadline = Math.min(deadline, budget);
        }
        return transport.call(new RpcRequest(service, method, requestBody, contextData, deadline));
    }
}
