package dev.enoki.reliability;

import dev.enoki.ServiceProxy;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls {@code work.work(id, millis)} without pause, a few at a time, until stopped, recording each call in the ledger
 * and when it ended: how long a completed call took, and how late after its deadline a failed one ended. Each id
 * starts with the phase the test is in when it is sent, so the figures can be read per phase.
 */
final class TimedCaller implements AutoCloseable {
    private static final int IN_FLIGHT = 4;
    private static final long PAUSE_MILLIS = 10;

    private final Ledger ledger;
    private final ServiceProxy work;
    private final long deadlineMillis;
    private final long workMillis;
    private final Map<String, Long> tookMillis = new ConcurrentHashMap<>();
    private final Map<String, Long> latenessMillis = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean calling = new AtomicBoolean(true);
    private final Thread thread;
    private volatile String phase = "start";

    TimedCaller(Ledger ledger, ServiceProxy work, long deadlineMillis, long workMillis) {
        this.ledger = ledger;
        this.work = work;
        this.deadlineMillis = deadlineMillis;
        this.workMillis = workMillis;
        this.thread = new Thread(this::callUntilStopped, "timed-caller");
        thread.start();
    }

    /** Whether every call sent in {@code phase} has ended. */
    boolean settled(String phase) {
        return pending.stream().noneMatch(id -> id.startsWith(phase + "-"));
    }

    /** Calls sent from now on are named {@code phase-N}. */
    void phase(String phase) {
        this.phase = phase;
    }

    private void callUntilStopped() {
        Semaphore window = new Semaphore(IN_FLIGHT);
        for (int i = 0; calling.get(); i++) {
            window.acquireUninterruptibly();
            String id = phase + "-" + i;
            ledger.sent(id);
            pending.add(id);
            long sent = System.nanoTime();
            long deadline = sent + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
            work.callAsync("work", String.class, id, workMillis).onComplete(result -> {
                long ended = System.nanoTime();
                if (result.succeeded() && id.equals(result.result())) {
                    tookMillis.put(id, TimeUnit.NANOSECONDS.toMillis(ended - sent));
                    ledger.completed(id);
                } else {
                    latenessMillis.put(id, TimeUnit.NANOSECONDS.toMillis(ended - deadline));
                    ledger.failed(id, result.failed() ? result.cause() : new IllegalStateException("wrong result"));
                }
                pending.remove(id);
                window.release();
            });
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How long each completed call took, by id. */
    Map<String, Long> tookMillis() {
        return Map.copyOf(tookMillis);
    }

    /** How long after its deadline each failed call ended (negative: before), by id. */
    Map<String, Long> latenessMillis() {
        return Map.copyOf(latenessMillis);
    }

    /** Stops sending; calls in flight still end on their own. */
    @Override
    public void close() {
        calling.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
