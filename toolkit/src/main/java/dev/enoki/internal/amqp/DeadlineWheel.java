package dev.enoki.internal.amqp;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * Deadlines of calls made off the event loops, on one Netty wheel timer for the JVM. A Vert.x timer set or cancelled
 * from a worker or a broker client's thread is a task for an event loop and a wake-up of it, twice per call; the
 * wheel takes both from any thread without waking anything, and fires at most a tick (10 ms) late. Expired tasks run
 * on the wheel's own daemon thread.
 */
final class DeadlineWheel {
    private static final HashedWheelTimer WHEEL =
            new HashedWheelTimer(new DaemonThreads("enoki-deadlines"), 10, TimeUnit.MILLISECONDS);

    private DeadlineWheel() {
    }

    /** Runs {@code expire} after {@code delayMillis} unless the returned timeout is cancelled first. */
    static Timeout schedule(long delayMillis, Runnable expire) {
        return WHEEL.newTimeout(timeout -> expire.run(), delayMillis, TimeUnit.MILLISECONDS);
    }
}
