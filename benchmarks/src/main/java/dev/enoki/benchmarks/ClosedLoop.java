package dev.enoki.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A closed-loop load: a fixed number of calls always in flight, each followed at once by the next. */
final class ClosedLoop {
    record Result(double callsPerSecond, double p50Micros, double p99Micros, long errors) {
    }

    private ClosedLoop() {
    }

    static Result run(Supplier<CompletionStage<?>> call, int inFlight, Duration warmup, Duration window)
            throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicLong completed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Recorder recorder = new Recorder(3);
        for (int i = 0; i < inFlight; i++) {
            chain(call, running, measuring, completed, errors, recorder);
        }
        Thread.sleep(warmup.toMillis());
        recorder.reset();
        completed.set(0);
        errors.set(0);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(window.toMillis());
        measuring.set(false);
        double seconds = (System.nanoTime() - start) / 1e9;
        long done = completed.get();
        Histogram latencies = recorder.getIntervalHistogram();
        running.set(false);
        Thread.sleep(500);   // let the calls in flight drain before the next level starts
        return new Result(done / seconds, latencies.getValueAtPercentile(50) / 1e3,
                latencies.getValueAtPercentile(99) / 1e3, errors.get());
    }

    private static void chain(Supplier<CompletionStage<?>> call, AtomicBoolean running, AtomicBoolean measuring,
                              AtomicLong completed, AtomicLong errors, Recorder recorder) {
        long started = System.nanoTime();
        call.get().whenComplete((result, error) -> {
            if (measuring.get()) {
                if (error == null) {
                    recorder.recordValue(System.nanoTime() - started);
                    completed.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
            }
            if (running.get()) {
                chain(call, running, measuring, completed, errors, recorder);
            }
        });
    }
}
