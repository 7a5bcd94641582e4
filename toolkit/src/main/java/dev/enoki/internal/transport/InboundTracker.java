package dev.enoki.internal.transport;

import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transport's bookkeeping of what comes in: its live consumers, the messages they handed over and that are not
 * settled yet, and whether it still accepts work. A graceful stop cancels the consumers and waits until nothing is in
 * flight; a kill refuses new work and ends such a wait at once. Thread-safe: deliveries are counted on whatever thread
 * the transport's client hands them over.
 */
public final class InboundTracker {
    private final Set<Subscription> consumers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Promise<Void> idle;
    private volatile boolean accepting = true;

    /**
     * Keeps {@code cancel} until a stop, a kill or the returned subscription cancels it; the returned one forgets it
     * first, so cancelling it twice is harmless.
     */
    public Subscription add(Subscription cancel) {
        consumers.add(cancel);
        return () -> {
            consumers.remove(cancel);
            return cancel.cancel();
        };
    }

    public boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    /** Counts {@code work} as in flight until it completes; returns it. */
    public <T> Future<T> track(Future<T> work) {
        inFlight.incrementAndGet();
        return work.onComplete(r -> {
            if (inFlight.decrementAndGet() == 0) {
                Promise<Void> waiting = idle;   // read after the count: a stop sets it before it reads the count
                if (waiting != null) {
                    waiting.tryComplete();
                }
            }
        });
    }

    /** Cancels every consumer; completes when each has answered, whether or not it could. */
    public Future<Void> cancelAll() {
        List<Future<Void>> cancelled = consumers.stream().map(Subscription::cancel).toList();
        consumers.clear();
        return Future.all(cancelled).<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }

    /** A graceful stop: cancels every consumer, then completes once the work in flight is settled (or on a kill). */
    public Future<Void> drain() {
        Future<Void> cancelled = cancelAll();
        Promise<Void> done = Promise.promise();
        idle = done;
        if (inFlight.get() == 0) {
            done.tryComplete();
        }
        return cancelled.compose(v -> done.future());
    }

    /** Whether new deliveries are still taken and settled; false once stopped or killed. */
    public boolean accepting() {
        return accepting;
    }

    /** Takes nothing more: what is still in flight is left to its settlement (or to the broker). */
    public void stopAccepting() {
        accepting = false;
    }

    /** Stops accepting and ends a graceful stop that was waiting for the work in flight. */
    public void kill() {
        accepting = false;
        Promise<Void> waiting = idle;
        if (waiting != null) {
            waiting.tryComplete();
        }
    }
}
