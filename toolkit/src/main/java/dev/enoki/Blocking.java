package dev.enoki;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.ExecutionException;

/** Waits for a future on a worker or plain thread; refuses on an event loop, where waiting would deadlock it. */
public final class Blocking {
    private Blocking() {
    }

    public static <T> T await(Future<T> future) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking call on an event loop would stall it: use the Async form");
        }
        try {
            return future.toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnokiException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new EnokiException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
