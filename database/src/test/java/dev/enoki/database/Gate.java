package dev.enoki.database;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds a worker inside its method until the test lets it go, and tells the test when one is there. */
final class Gate {
    private static volatile CountDownLatch entered = new CountDownLatch(1);
    private static volatile CountDownLatch open = new CountDownLatch(1);

    private Gate() {
    }

    static void reset() {
        entered = new CountDownLatch(1);
        open = new CountDownLatch(1);
    }

    /** Called by the method: says it is in, then waits to be let go. */
    static void pass() {
        entered.countDown();
        try {
            if (!open.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitEntered() throws InterruptedException {
        if (!entered.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("no worker reached the gate");
        }
    }

    static void open() {
        open.countDown();
    }
}
