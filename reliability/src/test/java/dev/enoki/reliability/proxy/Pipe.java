package dev.enoki.reliability.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * One direction of a proxied connection: reads from {@code source}, writes to {@code target}. It forwards at once,
 * or holds each chunk for the proxy's latency (in arrival order, one timer for the head of the queue), or drops
 * everything while blackholed. Runs only on the connection's event loop; the source is paused while the target's
 * write queue or the delay queue is full, so memory stays bounded.
 */
final class Pipe {
    private static final int MAX_HELD_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final NetSocket source;
    private final NetSocket target;
    private final LongSupplier latencyMillis;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private int heldBytes;
    private long timer = -1;
    private boolean dropping;
    private boolean sourceEnded;
    private boolean paused;
    private Runnable onSourceEnded = () -> { };

    private record Held(long dueNanos, Buffer chunk) {
    }

    Pipe(Vertx vertx, NetSocket source, NetSocket target, LongSupplier latencyMillis) {
        this.vertx = vertx;
        this.source = source;
        this.target = target;
        this.latencyMillis = latencyMillis;
    }

    /** Starts reading; {@code onSourceEnded} runs when the source closed and everything held went out. */
    void start(Runnable onSourceEnded) {
        this.onSourceEnded = onSourceEnded;
        target.drainHandler(v -> resumeIfRoom());
        source.handler(this::onChunk);
        source.resume();
    }

    /** From now on bytes this way vanish; the sockets stay open (the receiving peer sees a silent connection). */
    void drop() {
        dropping = true;
        held.clear();
        heldBytes = 0;
        resumeIfRoom();
    }

    void pass() {
        dropping = false;
    }

    boolean dropping() {
        return dropping;
    }

    /** The source closed: what is held still goes out, then the target learns, unless this way is blackholed. */
    void sourceClosed() {
        sourceEnded = true;
        if (held.isEmpty()) {
            onSourceEnded.run();
        }
    }

    private void onChunk(Buffer chunk) {
        if (dropping) {
            return;
        }
        long latency = latencyMillis.getAsLong();
        if (latency <= 0 && held.isEmpty()) {
            target.write(chunk);
        } else {
            held.add(new Held(System.nanoTime() + latency * 1_000_000, chunk));
            heldBytes += chunk.length();
            scheduleHead();
        }
        if (target.writeQueueFull() || heldBytes > MAX_HELD_BYTES) {
            paused = true;
            source.pause();
        }
    }

    private void scheduleHead() {
        Held head = held.peek();
        if (head == null || timer >= 0) {
            return;
        }
        long delay = Math.max(1, (head.dueNanos - System.nanoTime()) / 1_000_000);
        timer = vertx.setTimer(delay, id -> {
            timer = -1;
            release();
        });
    }

    private void release() {
        long now = System.nanoTime();
        while (!held.isEmpty() && held.peek().dueNanos <= now) {
            Held next = held.poll();
            heldBytes -= next.chunk.length();
            if (!dropping) {
                target.write(next.chunk);
            }
        }
        scheduleHead();
        resumeIfRoom();
        if (sourceEnded && held.isEmpty()) {
            onSourceEnded.run();
        }
    }

    private void resumeIfRoom() {
        if (paused && !target.writeQueueFull() && heldBytes <= MAX_HELD_BYTES / 2) {
            paused = false;
            source.resume();
        }
    }
}
