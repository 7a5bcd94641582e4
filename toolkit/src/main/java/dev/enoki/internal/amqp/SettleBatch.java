package dev.enoki.internal.amqp;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A stretch of code on one thread during which acknowledgements wait to go out together: a confirm listener settles
 * all the replies of one multiple confirm in a batch, and the requests they answer are then acknowledged with as few
 * {@code basic.ack} frames as their order allows ({@link Acknowledgements}), in one socket write, instead of one frame
 * and one write per request. Outside a batch an acknowledgement goes out at once.
 */
final class SettleBatch {
    private static final ThreadLocal<Set<Runnable>> OPEN = new ThreadLocal<>();

    private SettleBatch() {
    }

    /** Runs {@code settling}, then each flush it deferred, once. */
    static void run(Runnable settling) {
        if (OPEN.get() != null) {
            settling.run();   // already in a batch: the outer one flushes
            return;
        }
        Set<Runnable> flushes = new LinkedHashSet<>();
        OPEN.set(flushes);
        try {
            settling.run();
        } finally {
            OPEN.remove();
            FlushDeferringFrameHandler.together(() -> flushes.forEach(Runnable::run));
        }
    }

    /** Defers {@code flush} to the end of this thread's batch; false (nothing deferred) outside one. */
    static boolean defer(Runnable flush) {
        Set<Runnable> flushes = OPEN.get();
        if (flushes == null) {
            return false;
        }
        flushes.add(flush);
        return true;
    }
}
