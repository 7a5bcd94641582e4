package dev.enoki.transport;

import io.vertx.core.Future;

/**
 * Takes one inbound message and says what becomes of it: an {@link RpcOutcome} for a request, a {@link Disposition}
 * for an event. The transport settles the message when the returned future completes. The future fails only when
 * the handler itself broke; the transport then gives the message back where a broker holds it.
 */
@FunctionalInterface
public interface InboundHandler<M, R> {
    Future<R> handle(M message);
}
