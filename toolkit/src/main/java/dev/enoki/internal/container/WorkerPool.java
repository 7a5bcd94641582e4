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

import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A container's workers: at most {@code size} tasks run at once, at most {@code queueLimit} more wait, and the rest
 * are refused at once with {@link ServiceBusy}. A blocking task runs on a thread of its own (a pool of exactly
 * {@code size} platform threads, or a virtual thread each); a non-blocking one runs on the container's event loop and
 * holds its slot until the future it returns completes. Admission is a counter and the slots are permits, so a task is
 * handed on by whichever thread submits it (an event loop, a broker client's delivery thread) without a hop through
 * the container's event loop, and a task that ends starts the next waiting one itself: a worker thread runs it
 * next when it is a blocking one, so a busy pool hands work on without waking one thread as another goes to sleep.
 */
public final class WorkerPool {
    private final Context context;
    private final WorkerExecutor executor;
    private final ExecutorService virtualThreads;
    private final String service;
    private final int size;
    private final int queueLimit;
    private final Set<Task<?>> admitted = ConcurrentHashMap.newKeySet();
    private final Queue<Task<?>> waiting = new ConcurrentLinkedQueue<>();
    /** Running and waiting tasks. */
    private final AtomicInteger count = new AtomicInteger();
    /** Slots taken: at most {@code size}. */
    private final AtomicInteger running = new AtomicInteger();
    /**
     * The admitted tasks whose work has not returned yet: what admission counts. A task whose work returned no longer
     * takes a place while its outcome is heard, so a caller that hands over its next task from the outcome's
     * listener (the RabbitMQ transport does) finds room for it, even with no queue.
     */
    private final AtomicInteger occupied = new AtomicInteger();
    private final PoolMeters.Load load = new PoolMeters.Load() {
        @Override
        public int busy() {
            return running.get();
        }

        @Override
        public int queued() {
            return Math.max(0, count.get() - running.get());
        }
    };
    /** Who waits for the pool to drain; read off the context, so a worker going idle wakes the context only for a waiter. */
    private volatile Promise<Void> drained;
    private volatile Throwable killedBy;

    public WorkerPool(Vertx vertx, Context context, String service, int size, int queueLimit) {
        this(vertx, context, service, size, queueLimit, false);
    }

    /** With {@code virtual}, each blocking task runs on a virtual thread of its own (Java 21 and later). */
    public WorkerPool(Vertx vertx, Context context, String service, int size, int queueLimit, boolean virtual) {
        this.context = VertxInternals.unwrap(context);
        this.service = service;
        this.size = size;
        this.queueLimit = queueLimit;
        String name = "enoki-" + service + "-" + UUID.randomUUID().toString().substring(0, 8);
        // Workers may legitimately wait on slow calls; the blocked-thread checker should not flag them.
        this.executor = virtual ? null : vertx.createSharedWorkerExecutor(name, size, 1, TimeUnit.DAYS);
        this.virtualThreads = virtual ? VirtualThreads.perTaskExecutor(name + "-") : null;
        PoolMeters.global().add(service, load);
    }

    /** Runs the blocking task when a slot is free; callable from any thread. The future completes on its thread. */
    public <R> Future<R> submit(Callable<R> callable) {
        return admit(new Task<>(callable, null));
    }

    /**
     * Starts the non-blocking task on the container's event loop when a slot is free; the slot is held until the
     * future the task returns completes, and the task's own future completes with it. Callable from any thread.
     */
    public <R> Future<R> submitNonBlocking(Callable<Future<R>> start) {
        return admit(new Task<>(null, start));
    }

    private <R> Future<R> admit(Task<R> task) {
        Throwable killed = killedBy;
        if (killed != null) {
            task.promise.tryFail(killed);
        } else if (occupied.incrementAndGet() > size + queueLimit) {
            occupied.decrementAndGet();
            PoolMeters.global().refused(service);
            task.promise.tryFail(new ServiceBusy("all " + size + " workers busy and " + queueLimit + " calls waiting"));
        } else {
            count.incrementAndGet();
            admitted.add(task);
            if (killedBy != null) {
                task.abandon(killedBy);   // a kill that came between the check and the add did not see this task
            }
            waiting.add(task);
            startWaiting();
        }
        return task.promise.future();
    }

    /** Gives free slots to waiting tasks; whoever adds a task or frees a slot calls it, so none is left behind. */
    private void startWaiting() {
        for (Task<?> next = nextWithSlot(); next != null; next = nextWithSlot()) {
            next.start();
        }
    }

    /** The next waiting task, with a slot taken for it; null when nothing waits or no slot is free. */
    private Task<?> nextWithSlot() {
        while (!waiting.isEmpty()) {
            int taken = running.get();
            if (taken >= size) {
                return null;
            }
            if (running.compareAndSet(taken, taken + 1)) {
                Task<?> next = waiting.poll();
                if (next != null) {
                    return next;
                }
                running.decrementAndGet();
            }
        }
        return null;
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
        for (Task<?> never = waiting.poll(); never != null; never = waiting.poll()) {
            occupied.decrementAndGet();
            ended(never);
        }
        onContext(() -> {
            if (drained != null) {
                drained.tryComplete();
            }
        });
    }

    public Future<Void> close() {
        PoolMeters.global().remove(service, load);
        if (virtualThreads != null) {
            virtualThreads.shutdown();   // what still runs was abandoned by a kill; it ends on its own
            return Future.succeededFuture();
        }
        return executor.close();
    }

    /** How many tasks run or wait now. */
    public int admitted() {
        return count.get();
    }

    /** A task that held a slot has ended: the slot goes to the next waiting task. */
    private void finished(Task<?> task) {
        running.decrementAndGet();
        ended(task);
        startWaiting();
    }

    /**
     * As {@link #finished}, on the worker thread of a blocking task: when the freed slot goes to a waiting blocking
     * task, that task is returned for this thread to run next, rather than handed to the executor, which would wake
     * another worker while this one goes to sleep.
     */
    private Task<?> finishedOnWorker(Task<?> task) {
        running.decrementAndGet();
        ended(task);
        Task<?> next = nextWithSlot();
        while (next != null && next.blocking == null) {
            next.start();
            next = nextWithSlot();
        }
        startWaiting();
        return next;
    }

    private void ended(Task<?> task) {
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
        final Callable<R> blocking;
        final Callable<Future<R>> nonBlocking;
        final Promise<R> promise = Promise.promise();
        volatile Thread thread;

        Task(Callable<R> blocking, Callable<Future<R>> nonBlocking) {
            this.blocking = blocking;
            this.nonBlocking = nonBlocking;
        }

        /** Called with a slot taken, on any thread. */
        void start() {
            if (nonBlocking != null) {
                onContext(this::runOnEventLoop);
            } else if (virtualThreads != null) {
                // The container's context is current on the virtual thread, so replies to its calls come back on
                // the event loop rather than waiting behind it.
                virtualThreads.execute(() -> VertxInternals.dispatch(context, this::runBlocking));
            } else if (VertxInternals.onContext(context)) {
                // The task completes its own promise on its worker thread, so a reply leaves from there without
                // waking the event loop; the future executeBlocking returns is deliberately left without listeners.
                executor.executeBlocking(this::runBlocking, false);
            } else {
                // so the task's context is ours
                VertxInternals.dispatch(context, () -> executor.executeBlocking(this::runBlocking, false));
            }
        }

        private Void runBlocking() {
            Task<?> task = this;
            while (task != null) {
                task = task.runOnThisThread();
            }
            return null;
        }

        /** Runs the task; returns the waiting task this thread is to run next, if its slot went to one. */
        private Task<?> runOnThisThread() {
            if (promise.future().isComplete()) {
                occupied.decrementAndGet();
                return freeSlot();   // abandoned by a kill while it waited
            }
            thread = Thread.currentThread();
            R result = null;
            Throwable error = null;
            try {
                result = blocking.call();
            } catch (Throwable t) {
                error = t;
            }
            occupied.decrementAndGet();
            boolean heard = false;
            try {
                complete(result, error);
                heard = true;
            } finally {
                thread = null;
                Thread.interrupted();
                if (!heard) {
                    finished(this);   // a listener threw: the slot is freed as it would be on any other thread
                }
            }
            return freeSlot();
        }

        /** A virtual thread each runs no other task; a pool thread may take the next one on (see finishedOnWorker). */
        private Task<?> freeSlot() {
            if (virtualThreads != null) {
                finished(this);
                return null;
            }
            return finishedOnWorker(this);
        }

        private void runOnEventLoop() {
            if (promise.future().isComplete()) {
                occupied.decrementAndGet();
                finished(this);
                return;
            }
            Future<R> outcome;
            try {
                outcome = nonBlocking.call();
            } catch (Throwable t) {
                outcome = Future.failedFuture(t);
            }
            outcome.onComplete(result -> {
                occupied.decrementAndGet();
                complete(result.result(), result.cause());
                finished(this);
            });
        }

        private void complete(R result, Throwable error) {
            if (error == null) {
                promise.tryComplete(result);
            } else {
                promise.tryFail(error);
            }
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
