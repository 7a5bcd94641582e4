package dev.enoki.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;

import java.util.function.Supplier;

/**
 * A closed-loop load: {@code inFlight} requests always outstanding, each reissued the moment it completes, all on one
 * event-loop context so the histogram needs no locking. Measures what completes inside a timed window.
 */
public final class ClosedLoop {
    private final Vertx vertx;
    private final Supplier<Future<?>> request;

    public ClosedLoop(Vertx vertx, Supplier<Future<?>> request) {
        this.vertx = vertx;
        this.request = request;
    }

    /** Runs {@code inFlight} loops for {@code millis} and returns what completed in that window. */
    public Future<Window> run(int inFlight, long millis) {
        Context context = vertx.getOrCreateContext();
        Promise<Window> done = Promise.promise();
        context.runOnContext(v -> {
            Window window = new Window(System.nanoTime(), processCpuNanos());
            long end = window.start + millis * 1_000_000L;
            int[] outstanding = {inFlight};
            for (int i = 0; i < inFlight; i++) {
                issue(window, end, outstanding, done);
            }
        });
        return done.future();
    }

    private void issue(Window window, long end, int[] outstanding, Promise<Window> done) {
        long sent = System.nanoTime();
        request.get().onComplete(r -> {
            long now = System.nanoTime();
            if (r.succeeded()) {
                window.latency.recordValue(Math.max(1, (now - sent) / 1_000));
            } else {
                window.errors++;
            }
            if (now < end) {
                issue(window, end, outstanding, done);
            } else if (--outstanding[0] == 0) {
                window.elapsedNanos = now - window.start;
                window.cpuNanos = processCpuNanos() - window.cpuStart;
                done.complete(window);
            }
        });
    }

    /** CPU time this JVM used so far, all threads. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Completed calls, errors, latencies (µs) and this JVM's CPU time of one timed window. */
    public static final class Window {
        final long start;
        final long cpuStart;
        final Histogram latency = new Histogram(60_000_000L, 3);
        long errors;
        long elapsedNanos;
        long cpuNanos;

        Window(long start, long cpuStart) {
            this.start = start;
            this.cpuStart = cpuStart;
        }

        /** CPU time this JVM spent per completed call, in µs: steadier than throughput on a busy machine. */
        public double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / Math.max(1, latency.getTotalCount());
        }

        public double perSecond() {
            return latency.getTotalCount() * 1e9 / elapsedNanos;
        }

        public long p50() {
            return latency.getValueAtPercentile(50);
        }

        public long p99() {
            return latency.getValueAtPercentile(99);
        }

        public long errors() {
            return errors;
        }
    }
}
