package dev.enoki.internal.timer;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.Timer;
import dev.enoki.WorkerArguments;
import dev.enoki.config.Durations;
import dev.enoki.lease.Lease;
import dev.enoki.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Map;

/**
 * {@code @Timer}: fires on a schedule anchored to the start, so ticks do not drift; the next tick waits for the
 * previous worker, and ticks missed while it ran are skipped rather than fired in a burst. A singleton timer is
 * anchored to the epoch instead, so every instance shares one schedule, and fires a tick only while its instance
 * holds the timer's lease.
 */
public final class TimerEntrypoint extends AbstractEntrypoint<Timer> {
    private long intervalMillis;
    private long anchor;
    private Leases leases;
    private volatile Lease lease;
    private volatile long timerId = -1;
    private volatile Future<?> running = Future.succeededFuture();
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
        if (annotation.singleton()) {
            if (annotation.eager()) {
                return Future.failedFuture(new ConfigurationError("@Timer " + method.getName()
                        + ": a singleton timer fires on a shared schedule, so it cannot be eager"));
            }
            leases = Leases.of(container);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        if (leases != null) {
            anchor = 0;
            lease = leases.lease(leaseName());
        } else {
            anchor = System.currentTimeMillis();
        }
        if (annotation.eager()) {
            vertx().runOnContext(v -> tick());
        } else {
            schedule();
        }
        return Future.succeededFuture();
    }

    /** The same on every instance of the service, and unique in the cluster. */
    private String leaseName() {
        return container.serviceName() + "." + method.getName();
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (lease != null && !lease.held()) {
            schedule();
            return;
        }
        running = container.spawnWorker(this, WorkerArguments.of(), Map.of()).onComplete(outcome -> {
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

    /** A holder keeps the lease until its running tick has ended, so no other instance starts one meanwhile. */
    @Override
    public Future<Void> stop() {
        cancel();
        Lease held = lease;
        return held == null ? Future.succeededFuture() : running.transform(r -> held.release());
    }

    @Override
    public void kill() {
        cancel();
        Lease held = lease;
        if (held != null) {
            held.release();
        }
    }

    private void cancel() {
        stopped = true;
        if (timerId >= 0) {
            vertx().cancelTimer(timerId);
        }
    }

    private Vertx vertx() {
        return container.vertx();
    }
}
