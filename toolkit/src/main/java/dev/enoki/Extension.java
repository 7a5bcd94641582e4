package dev.enoki;

import io.vertx.core.Future;

/**
 * The one extension point. A container calls {@link #setup()} on every extension, then {@link #start()} on every
 * extension; {@link #stop()} on a graceful stop and {@link #kill()} when it must end at once. Every method is called
 * on the container's event loop, so none of them may block.
 */
public interface Extension {

    default Future<Void> setup() {
        return Future.succeededFuture();
    }

    default Future<Void> start() {
        return Future.succeededFuture();
    }

    default Future<Void> stop() {
        return Future.succeededFuture();
    }

    /** Ends at once and must not throw. */
    default void kill() {
    }
}
