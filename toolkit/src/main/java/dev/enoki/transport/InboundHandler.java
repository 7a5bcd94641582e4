package dev.enoki.transport;

import io.vertx.core.Future;

/** Takes one inbound message; the transport acknowledges it when the returned future completes. */
@FunctionalInterface
public interface InboundHandler<M, R> {
    Future<R> handle(M message);
}
