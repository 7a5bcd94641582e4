package dev.enoki.internal.timer;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.Timer;
import dev.enoki.WorkerArguments;
import dev.enoki.config.Durations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * {@code @Timer}: fires on a schedule anchored to the start, so ticks do not drift; the next tick waits for the
 * previous worker, and ticks missed while it ran are skipped rather than fired in a burst.
 */
public final class TimerEntrypoint extends AbstractEntrypoint<Timer> {
    private long intervalMillis;
    private long anchor;
    private volatile long timerId = -1;
    private volatile boolean stopped;

    public TimerEntrypoint() {
        super(Timer.class, Timer::expectedExceptions, a -> new String[0]);
    }

    @Override
    public Future<Void> setup() {
        if (method.getParameterCount() != 0) {
            return Future.failedFuture(new ConfigurationError("@Timer " + method.getName() + " must take no parameters"));
        }
        intervalMillis = Durations.parse(annotation.every()).toMillis();
        if (intervalMillis <= 0) {
            return Future.failedFuture(new ConfigurationError("@Timer " + method.getName() + " needs a positive interval"));
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        anchor = System.currentTimeMillis();
        if (annotation.eager()) {
            vertx().runOnContext(v -> tick());
        } else {
            schedule();
        }
        return Future.succeededFuture();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        container.spawnWorker(this, WorkerArguments.of(), Map.of()).onComplete(outcome -> {
            if (!stopped) {
                schedule();
            }
        });
    }

    private void schedule() {
        long now = System.currentTimeMillis();
        long next = anchor + ((now - anchor) / intervalMillis + 1) * intervalMillis;
        timerId = vertx().setTimer(Math.max(1, next - now), id -> tick());
    }

    @Override
    public Future<Void> stop() {
        kill();
        return Future.succeededFuture();
    }

    @Override
    public void kill() {
        stopped = true;
        if (timerId >= 0) {
            vertx().cancelTimer(timerId);
        }
    }

    private Vertx vertx() {
        return container.vertx();
    }
}
