package dev.enoki.reliability;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Asks a probe again and again, on a thread of its own, until closed, keeping each answer with when it was asked
 * (from the call's start to its end), so a test can line answers up with what happened meanwhile. A probe that
 * fails gives a sample whose value is null.
 */
final class Sampler<T> implements AutoCloseable {
    private final List<Sample<T>> samples = new CopyOnWriteArrayList<>();
    private final Callable<T> probe;
    private final Duration pause;
    private final Thread thread;
    private volatile boolean running = true;

    private Sampler(String name, Duration pause, Callable<T> probe) {
        this.probe = probe;
        this.pause = pause;
        this.thread = new Thread(this::run, "sampler-" + name);
        this.thread.setDaemon(true);
    }

    static <T> Sampler<T> start(String name, Duration pause, Callable<T> probe) {
        Sampler<T> sampler = new Sampler<>(name, pause, probe);
        sampler.thread.start();
        return sampler;
    }

    private void run() {
        while (running) {
            long start = System.nanoTime();
            T value;
            try {
                value = probe.call();
            } catch (Exception e) {
                value = null;
            }
            samples.add(new Sample<>(start, System.nanoTime(), value));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample<T>> samples() {
        return List.copyOf(samples);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
    }

    /** One answer, asked no earlier than {@code startNanos} and answered no later than {@code endNanos}. */
    record Sample<T>(long startNanos, long endNanos, T value) {
        /** Taken wholly between the two instants ({@link System#nanoTime()}). */
        boolean within(long fromNanos, long toNanos) {
            return startNanos >= fromNanos && endNanos <= toNanos;
        }
    }
}
