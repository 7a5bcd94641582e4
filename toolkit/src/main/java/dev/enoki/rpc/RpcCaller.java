package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.MalformedRequest;
import dev.enoki.RpcTimeout;
import dev.enoki.internal.tracing.RpcClientSpan;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes RPC calls on a transport with a caller's context data: writes Nameko's request body ({@link RequestBody}) and
 * sets the deadline, within what is left of the deadline of the call being served. The reply body comes back as it
 * was sent; {@link ReplyBody} turns it into a result or an exception, or passes it on. A traced caller wraps each call
 * in a client span whose trace context the request carries; an untraced one runs no tracing code at all. A guard
 * (a circuit breaker) sees every call that goes out.
 */
public final class RpcCaller {
    private final Transport transport;
    private final Map<String, Object> contextData;
    private final long budget;
    private final boolean traced;
    private final CallGuard guard;

    public RpcCaller(Transport transport, Map<String, Object> contextData) {
        this(transport, contextData, 0, false, CallGuard.NONE);
    }

    private RpcCaller(Transport transport, Map<String, Object> contextData, long budget, boolean traced,
                      CallGuard guard) {
        this.transport = transport;
        this.contextData = contextData;
        this.budget = budget;
        this.traced = traced;
        this.guard = guard;
    }

    /**
     * This caller inside a worker whose own caller waits until {@code budget} (epoch milliseconds, 0 for none): no
     * call made here outlives it, so a chain of calls ends by its first caller's deadline however slow its last hop.
     */
    public RpcCaller withBudget(long budget) {
        return new RpcCaller(transport, contextData, budget, traced, guard);
    }

    /** {@code traced}: the {@code tracing} option; each call is a client span, a child of the current span. */
    public RpcCaller traced(boolean traced) {
        return new RpcCaller(transport, contextData, budget, traced, guard);
    }

    public RpcCaller guardedBy(CallGuard guard) {
        return new RpcCaller(transport, contextData, budget, traced, guard);
    }

    /** Sends the call; the reply body comes back undecoded so the caller chooses where to decode it. */
    public Future<Buffer> send(String service, String method, List<?> args, Map<String, ?> kwargs, Duration timeout) {
        return send(service, method, args, kwargs, timeout, Set.of());
    }

    /**
     * As above, for a caller that expects the errors {@code expectedErrors} (exception class names, as a typed
     * proxy's method declares them): they say nothing of the service's health.
     */
    public Future<Buffer> send(String service, String method, List<?> args, Map<String, ?> kwargs, Duration timeout,
                               Set<String> expectedErrors) {
        Buffer body;
        try {
            body = RequestBody.of(args, kwargs);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getMessage()));
        }
        return send(service, method, body, timeout, expectedErrors);
    }

    /** Sends a request body already in Nameko's form, {@code {"args": [...], "kwargs": {...}}}. */
    public Future<Buffer> send(String service, String method, Buffer requestBody, Duration timeout) {
        return send(service, method, requestBody, timeout, Set.of());
    }

    private Future<Buffer> send(String service, String method, Buffer requestBody, Duration timeout,
                                Set<String> expectedErrors) {
        long now = System.currentTimeMillis();
        long deadline = now + timeout.toMillis();
        if (budget != 0) {
            if (now >= budget) {
                return Future.failedFuture(new RpcTimeout(service + "." + method
                        + " was not sent: the deadline of the call that asked for it has passed"));
            }
            deadline = Math.min(deadline, budget);
        }
        RpcRequest request = new RpcRequest(service, method, requestBody, contextData, deadline);
        if (traced) {
            return RpcClientSpan.call(request, transport.name(),
                    spanned -> guard.call(spanned, expectedErrors, transport::call));
        }
        return guard.call(request, expectedErrors, transport::call);
    }
}
