package dev.enoki.discovery;

import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Subscription;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The consumer of one handler's cluster event queue. A thread of its own waits on the queue (Hazelcast's calls
 * block, and a wait of a second per poll would hold a worker of the shared pool) and takes up to {@code prefetch}
 * events at a time into the in-flight map; each is handed to the handler on the subscriber's context and settled as
 * its {@link Disposition} says, on a worker. A stop ends the taking and lets the handlers finish; a kill gives back
 * every event still unsettled.
 */
final class QueueConsumer implements Subscription {
    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);
    private static final long POLL_MILLIS = 1_000;
    private static final long PAUSE_MILLIS = 1_000;
    /** How often the taker looks for events in flight for it that it does not hold. */
    private static final long STRANDED_CHECK_MILLIS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final EventQueueStore store;
    private final EventSubscription subscription;
    private final String queue;
    private final InboundHandler<EventMessage, Disposition> handler;
    private final String owner;
    /** This consumer's mark on its in-flight entries. */
    private final String consumerId = UUID.randomUUID().toString();
    private final int maxDeliveries;
    private final Semaphore free;
    private final Map<String, EventQueueStore.Taken> unsettled = new ConcurrentHashMap<>();
    /** The taking thread has ended. */
    private final Promise<Void> ended = Promise.promise();
    /** Taking has ended and every event taken is settled (or given back by a kill). */
    private final Promise<Void> drained = Promise.promise();
    private volatile boolean running = true;

    QueueConsumer(Vertx vertx, Context context, EventQueueStore store, EventSubscription subscription, int prefetch,
                  InboundHandler<EventMessage, Disposition> handler, String owner, int maxDeliveries) {
        this.vertx = vertx;
        this.context = context;
        this.store = store;
        this.subscription = subscription;
        this.queue = subscription.queue();
        this.handler = handler;
        this.owner = owner;
        this.maxDeliveries = maxDeliveries;
        this.free = new Semaphore(Math.max(1, prefetch));
    }

    void start() {
        Thread taker = new Thread(this::takeUntilStopped, "enoki-events-" + queue);
        taker.setDaemon(true);
        taker.start();
    }

    private void takeUntilStopped() {
        long nextCheck = System.nanoTime();
        while (running) {
            int permits = 0;
            try {
                if (System.nanoTime() - nextCheck >= 0) {
                    returnStranded();
                    nextCheck = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STRANDED_CHECK_MILLIS);
                }
                if (!free.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                permits = 1 + free.drainPermits();
                List<EventQueueStore.Taken> taken = store.take(queue, permits, owner, consumerId, POLL_MILLIS);
                free.release(permits - taken.size());
                permits = 0;
                for (EventQueueStore.Taken t : taken) {
                    unsettled.put(t.key(), t);
                    context.runOnContext(v -> handle(t));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {   // this thread is the queue's only taker: it must go on
                free.release(permits);
                if (running) {
                    // a failed take may still have been written in part: look for strays at once
                    log.warn("taking events from {} failed ({}); looking for events left in flight and trying "
                            + "again in {} ms", queue, e.toString(), PAUSE_MILLIS);
                    sleepQuietly();
                    nextCheck = System.nanoTime();
                }
            }
        }
        ended.tryComplete();
    }

    /**
     * Gives back the events in flight for this consumer that it does not hold: a take whose transaction failed
     * while a member left may have been written after all, and nobody would ever handle them (their node is alive,
     * so the sweep of abandoned events leaves them). Runs on the taker thread, the only one that adds to
     * {@link #unsettled}, and an entry leaves the map before it leaves {@link #unsettled}: an entry found here that
     * was not held before the read is held by nobody.
     */
    private void returnStranded() {
        Set<String> held = Set.copyOf(unsettled.keySet());
        try {
            store.ownedOf(consumerId).forEach((key, entry) -> {
                if (!held.contains(key) && running && store.giveBack(key, entry)) {
                    log.warn("event in flight {} of {} was held by no handler (a take failed in part); back to its "
                            + "queue", key, queue);
                }
            });
        } catch (RuntimeException e) {
            log.warn("looking for events of {} left in flight failed ({}); trying again later", queue, e.toString());
        }
    }

    /** On the subscriber's context. A handler that broke gives its event back. */
    private void handle(EventQueueStore.Taken taken) {
        EventMessage message;
        try {
            message = taken.event().message(subscription.source(), subscription.eventType());
        } catch (RuntimeException e) {   // not written by a dispatcher: it would fail every time
            log.warn("an item of {} is not an event ({}); moved to {}", queue, e.getMessage(),
                    queue + EventQueueStore.DEAD_SUFFIX);
            vertx.executeBlocking(() -> store.bury(taken), false).onComplete(r -> settled(taken));
            return;
        }
        Future<Disposition> outcome;
        try {
            outcome = handler.handle(message);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.recover(e -> Future.succeededFuture(Disposition.REQUEUE))
                .onSuccess(disposition -> settle(taken, disposition));
    }

    private void settle(EventQueueStore.Taken taken, Disposition disposition) {
        if (!unsettled.containsKey(taken.key())) {
            return;   // killed: it went back already
        }
        if (disposition == Disposition.ACK) {
            store.done(taken).whenComplete((r, e) -> {
                if (e != null) {
                    log.warn("event {} from {} was handled but its in-flight entry stays ({}); it may run again if "
                            + "this node leaves", taken.event().id(), queue, e.toString());
                }
                settled(taken);
            });
            return;
        }
        vertx.<Boolean>executeBlocking(() -> {
            if (disposition == Disposition.RETRY) {
                return store.retry(taken, maxDeliveries);
            }
            store.giveBack(taken);
            return false;
        }, false).onComplete(moved -> {
            if (moved.failed()) {
                log.warn("event {} from {} could not go back to its queue ({}); trying again in {} ms",
                        taken.event().id(), queue, moved.cause().toString(), PAUSE_MILLIS);
                vertx.setTimer(PAUSE_MILLIS, id -> settle(taken, disposition));
                return;
            }
            if (Boolean.TRUE.equals(moved.result())) {
                log.warn("event {} from {} failed {} times; moved to {}", taken.event().id(), queue, maxDeliveries,
                        queue + EventQueueStore.DEAD_SUFFIX);
            }
            settled(taken);
        });
    }

    private void settled(EventQueueStore.Taken taken) {
        if (unsettled.remove(taken.key()) != null) {
            free.release();
        }
        if (!running && ended.future().isComplete() && unsettled.isEmpty()) {
            drained.tryComplete();
        }
    }

    /** Stops taking; completes once the events taken are settled, so a graceful stop leaves none in flight. */
    @Override
    public Future<Void> cancel() {
        running = false;
        return ended.future().compose(v -> {
            if (unsettled.isEmpty()) {
                drained.tryComplete();
            }
            return drained.future();
        });
    }

    /** Stops taking and gives every unsettled event back to its queue. */
    Future<Void> kill() {
        running = false;
        List<EventQueueStore.Taken> back = List.copyOf(unsettled.values());
        unsettled.clear();
        drained.tryComplete();
        return vertx.executeBlocking(() -> {
            for (EventQueueStore.Taken t : back) {
                try {
                    store.giveBack(t);
                } catch (RuntimeException e) {   // it stays in flight; the sweep returns it once this node is gone
                    log.warn("event {} from {} could not go back to its queue: {}", t.event().id(), queue, e.toString());
                }
            }
            return null;
        }, false);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
