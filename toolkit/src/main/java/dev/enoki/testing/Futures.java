package dev.enoki.testing;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a future in a test: its result, or its failure rethrown as is; an {@link AssertionError} on timeout. */
public final class Futures {
    private static final Duration DEFAULT = Duration.ofSeconds(30);

    private Futures() {
    }

    public static <T> T await(Future<T> future) {
        return await(future, DEFAULT);
    }

    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("future did not complete within " + timeout);
        }
    }
}
