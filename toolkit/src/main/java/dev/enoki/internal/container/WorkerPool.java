package dev.enoki.internal.container;

import dev.enoki.ContainerBeingKilled;
import dev.enoki.ServiceBusy;
import dev.enoki.internal.VertxInternals;
import dev.enoki.internal.metrics.PoolMeters;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container's workers: at most {@code size} tasks run at once on a pool of exactly that many threads, at most
 * {@code queueLimit} more wait, and the rest are refused at once with {@link ServiceBusy}. Admission is a counter,
 * so a task is handed to the pool by whichever thread submits it (an event loop, a broker client's delivery thread)
 * without a hop through the container's event loop; the pool's threads take the next waiting task as soon as they
 * finish one and complete each task's future themselves.
 */
public final class WorkerPool {
    private final Context context;
    private final WorkerExecutor executor;
    private final String service;
    private final String name;
    private final int size;
    private final int queueLimit;
    private final Set<Task<?>> admitted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    /**
     * The admitted tasks whose work has not returned yet: what admission counts. A task whose work returned no longer
     * takes a place while its outcome is heard, so a caller that hands over its next task from the outcome's
     * listener (the RabbitMQ transport does) finds room for it, even with no queue.
     */
    private final AtomicInteger occupied = new AtomicInteger();
    /** Running are the first {@code size} admitted; the rest wait. */
    private final PoolMeters.Load load = new PoolMeters.Load() {
        @Override
        public int busy() {
            return Math.min(count.get(), size);
        }

        @Override
        public int queued() {
            return Math.max(0, count.get() - size);
        }
    };
    /** Who waits for the pool to drain; read off the context, so a worker going idle wakes the context only for a waiter. */
    private volatile Promise<Void> drained;
    private volatile Throwable killedBy;

    public WorkerPool(Vertx vertx, Context context, String service, int size, int queueLimit) {
        this.context = VertxInternals.unwrap(context);
        this.service = service;
        this.name = "enoki-" + service + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.size = size;
        this.queueLimit = queueLimit;
        // Workers may legitimately wait on slow calls; the blocked-thread checker should not flag them.
        this.executor = vertx.createSharedWorkerExecutor(name, size, 1, TimeUnit.DAYS);
        PoolMeters.global().add(service, load);
    }

    /** Runs the task when a slot is free; callable from any thread. The future completes on the worker's thread. */
    public <R> Future<R> submit(Callable<R> callable) {
        Task<R> task = new Task<>(callable, Promise.promise());
        Throwable killed = killedBy;
        if (killed != null) {
            task.promise.tryFail(killed);
        } else if (occupied.incrementAndGet() > size + queueLimit) {
            occupied.decrementAndGet();
            PoolMeters.global().refused(service);
            task.promise.tryFail(new ServiceBusy("all " + size + " workers busy and " + queueLimit + " calls waiting"));
        } else {
            count.incrementAndGet();
            run(task);
        }
        return task.promise.future();
    }

    /** Completes once nothing runs and nothing waits. */
    public Future<Void> drained() {
        Promise<Void> promise = Promise.promise();
        onContext(() -> {
            if (count.get() == 0 || killedBy != null) {
                promise.complete();
            } else {
                drained = promise;
                if (count.get() == 0) {   // the last task ended before it could see the waiter
                    promise.tryComplete();
                    drained = null;
                }
            }
        });
        return promise.future();
    }

    /** Fails what waits, abandons what runs (interrupting its threads), and refuses anything new. */
    public void kill(String reason) {
        killedBy = new ContainerBeingKilled(reason);
        admitted.forEach(t -> t.abandon(killedBy));
        onContext(() -> {
            if (drained != null) {
                drained.tryComplete();
            }
        });
    }

    public Future<Void> close() {
        PoolMeters.global().remove(service, load);
        return executor.close();
    }

    /** How many tasks run or wait now. */
    public int admitted() {
        return count.get();
    }

    private <R> void run(Task<R> task) {
        admitted.add(task);
        Throwable killed = killedBy;
        if (killed != null) {
            task.abandon(killed);   // a kill that came between the check and the add did not see this task
        }
        // The task completes its own promise on its worker thread, so a reply leaves from there without waking
        // the event loop; the future executeBlocking returns is deliberately left without listeners.
        if (VertxInternals.onContext(context)) {
            executor.executeBlocking(task::call, false);
        } else {
            // so the task's context is ours
            VertxInternals.dispatch(context, () -> executor.executeBlocking(task::call, false));
        }
    }

    private void finished(Task<?> task) {
        admitted.remove(task);
        if (count.decrementAndGet() == 0 && drained != null) {
            onContext(() -> {
                if (count.get() == 0 && drained != null) {
                    drained.tryComplete();
                    drained = null;
                }
            });
        }
    }

    private void onContext(Runnable action) {
        if (onOwnContext()) {
            action.run();
        } else {
            context.runOnContext(v -> action.run());
        }
    }

    /** True on the pool's context or on one of its duplicates (each event-bus message is handled on one). */
    private boolean onOwnContext() {
        return VertxInternals.onContext(context) && Context.isOnEventLoopThread();
    }

    private final class Task<R> {
        final Callable<R> callable;
        final Promise<R> promise;
        volatile Thread thread;

        Task(Callable<R> callable, Promise<R> promise) {
            this.callable = callable;
            this.promise = promise;
        }

        Void call() {
            if (promise.future().isComplete()) {
                occupied.decrementAndGet();
                finished(this);   // abandoned by a kill while it waited
                return null;
            }
            thread = Thread.currentThread();
            R result = null;
            Throwable error = null;
            try {
                result = callable.call();
            } catch (Throwable t) {
                error = t;
            }
            occupied.decrementAndGet();
            try {
                if (error == null) {
                    promise.tryComplete(result);
                } else {
                    promise.tryFail(error);
                }
            } finally {
                thread = null;
                Thread.interrupted();
                finished(this);
            }
            return null;
        }

        void abandon(Throwable reason) {
            promise.tryFail(reason);
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }
}
