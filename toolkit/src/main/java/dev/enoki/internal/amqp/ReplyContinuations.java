package dev.enoki.internal.amqp;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the outcome of a call made outside an event loop is handed to its caller. Replies are read on the
 * connection's reader thread ({@link DeliverOnReader}), and such a caller's continuation may be any code of the
 * user's, which may block or publish and wait on the broker's flow control: on the reader it would hold up every
 * delivery and heartbeat of the connection. Shared by every connection; its threads end when idle. The queue is
 * bounded by the calls waiting, each of which is settled once.
 */
final class ReplyContinuations {
    private static final int THREADS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    private static final ThreadPoolExecutor POOL = pool();

    private ReplyContinuations() {
    }

    static void execute(Runnable continuation) {
        POOL.execute(continuation);
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DaemonThreads("enoki-amqp-replies"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
