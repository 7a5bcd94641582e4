package dev.enoki.internal.amqp;

import java.util.ArrayDeque;

/**
 * At most {@code limit} requests in a service's handler at once; more wait here in arrival order. It lets the broker
 * deliver more than {@code max_workers} requests (the prefetch also covers replies waiting for their confirm) while
 * the container is still handed no more than {@code max_workers} unfinished ones. What waits here is bounded by the
 * consumer's prefetch.
 * <p>
 * A freed place goes to the next waiting request on the thread that freed it, usually the worker that has just
 * handed its reply to the publisher: the container's pool frees a worker's slot before its outcome is heard, so the
 * request finds room there even with no worker queue.
 */
final class RequestGate {
    private final int limit;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inHandler;

    RequestGate(int limit) {
        this.limit = limit;
    }

    /** Runs {@code request} now, on this thread, when a place is free; otherwise once one is. */
    void enter(Runnable request) {
        synchronized (this) {
            if (inHandler >= limit || !waiting.isEmpty()) {
                waiting.add(request);
                return;
            }
            inHandler++;
        }
        request.run();
    }

    /** One request left the handler; the next waiting one, if any, takes its place. */
    void leave() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inHandler--;
                return;
            }
        }
        next.run();
    }
}
