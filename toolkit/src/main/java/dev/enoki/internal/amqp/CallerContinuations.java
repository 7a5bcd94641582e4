package dev.enoki.internal.amqp;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the outcome of a call or a publish reaches its caller. Replies and confirms are read on a connection's
 * reader thread ({@link DeliverOnReader}), and a caller's continuation may be any code of the user's, which may
 * block, even on another call, or publish and wait on the broker's flow control: on the reader it would hold up
 * every delivery, confirm and heartbeat of the connection. So a caller on an event loop continues there, and any
 * other caller on a small pool shared by every connection, whose threads end when idle. Its queue is bounded by
 * the calls and publishes waiting, each of which is settled once.
 */
final class CallerContinuations {
    private static final int THREADS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    private static final ThreadPoolExecutor POOL = pool();

    private CallerContinuations() {
    }

    /** The context of a caller on an event loop; null for any other thread. */
    static Context callerOf(Vertx vertx) {
        return Context.isOnEventLoopThread() ? vertx.getOrCreateContext() : null;
    }

    /** Runs a continuation of a caller that was not on an event loop. */
    static void execute(Runnable continuation) {
        POOL.execute(continuation);
    }

    /** {@code outcome}, completed on the caller's event loop, or on the pool for a caller that had none. */
    static <T> Future<T> toCaller(Context caller, Future<T> outcome) {
        Promise<T> handed = Promise.promise();
        if (caller == null) {
            outcome.onComplete(result -> execute(() -> handed.handle(result)));
        } else {
            outcome.onComplete(result -> caller.runOnContext(v -> handed.handle(result)));
        }
        return handed.future();
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("enoki-amqp-callers"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
