package dev.enoki.transport;

import io.vertx.core.Future;

/** A running consumer; cancelling it stops new messages while those in flight finish. */
@FunctionalInterface
public interface Subscription {
    Future<Void> cancel();
}
