package dev.enoki.internal.amqp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * At most {@code limit} requests in a service's handler at once; more wait here in arrival order. It lets the broker
 * deliver more than {@code max_workers} requests (the prefetch also covers replies waiting for their confirm) while
 * the container is still handed no more than {@code max_workers} unfinished ones. What waits here is bounded by the
 * consumer's prefetch, and what has waited too long can be taken out to give back to the queue ({@link RpcWindow}).
 * <p>
 * A freed place goes to the next waiting request on the thread that freed it, usually the worker that has just
 * handed its reply to the publisher: the container's pool frees a worker's slot before its outcome is heard, so the
 * request finds room there even with no worker queue.
 */
final class RequestGate {
    private final int limit;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inHandler;

    RequestGate(int limit) {
        this.limit = limit;
    }

    /**
     * Runs {@code request} now, on this thread, when a place is free; otherwise once one is, unless it is taken out
     * of line first, when {@code giveBack} runs instead.
     */
    void enter(Runnable request, Runnable giveBack) {
        synchronized (this) {
            if (inHandler >= limit || !waiting.isEmpty()) {
                waiting.add(new Waiting(request, giveBack, System.nanoTime()));
                return;
            }
            inHandler++;
        }
        request.run();
    }

    /** One request left the handler; the next waiting one, if any, takes its place. */
    void leave() {
        Waiting next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inHandler--;
                return;
            }
        }
        next.request.run();
    }

    /**
     * When the first request in line has waited since {@code nanoTime} or longer, takes every waiting request out of
     * line and returns what gives each back; otherwise takes none.
     */
    synchronized List<Runnable> takeWaitingSince(long nanoTime) {
        Waiting first = waiting.peek();
        if (first == null || first.since - nanoTime > 0) {
            return List.of();
        }
        List<Runnable> giveBack = new ArrayList<>(waiting.size());
        for (Waiting w : waiting) {
            giveBack.add(w.giveBack);
        }
        waiting.clear();
        return giveBack;
    }

    private record Waiting(Runnable request, Runnable giveBack, long since) {
    }
}
