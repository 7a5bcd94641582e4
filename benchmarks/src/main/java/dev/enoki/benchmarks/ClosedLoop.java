package dev.enoki.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A closed-loop load: {@code inFlight} requests always outstanding, each reissued the moment it completes, on the
 * thread that completed it. Measures what completes inside a timed window. Started on an event-loop context, a loop
 * stays there as long as its requests complete on their caller's context; started outside Vert.x, it issues each
 * request from the thread that delivered the previous answer, as a client with no event loop of its own does.
 */
public final class ClosedLoop {
    private final Context context;
    private final Supplier<Future<?>> request;
    private final CpuByRole roles;

    /** Issues from {@code context}, an event-loop context; null to issue from outside Vert.x. */
    private ClosedLoop(Context context, Supplier<Future<?>> request, CpuByRole roles) {
        this.context = context;
        this.request = request;
        this.roles = roles;
    }

    /** Issues from {@code context}, an event-loop context: every window on the same thread. */
    public static ClosedLoop on(Context context, Supplier<Future<?>> request) {
        return new ClosedLoop(context, request, null);
    }

    /** Issues from outside Vert.x: the first requests from the caller's thread, the rest from whoever answers. */
    public static ClosedLoop outsideVertx(Supplier<Future<?>> request) {
        return new ClosedLoop(null, request, null);
    }

    /** This load, also splitting each window's CPU time by {@code roles}. */
    public ClosedLoop splittingCpu(CpuByRole roles) {
        return new ClosedLoop(context, request, roles);
    }

    /** Runs {@code inFlight} loops for {@code millis} and returns what completed in that window. */
    public Future<Window> run(int inFlight, long millis) {
        Promise<Window> done = Promise.promise();
        Runnable start = () -> {
            Window window = new Window(System.nanoTime(), processCpuNanos(), roles == null ? null : roles.snapshot());
            long end = window.start + millis * 1_000_000L;
            int[] outstanding = {inFlight};
            for (int i = 0; i < inFlight; i++) {
                issue(window, end, outstanding, done);
            }
        };
        if (context == null) {
            start.run();
        } else {
            context.runOnContext(v -> start.run());
        }
        return done.future();
    }

    private void issue(Window window, long end, int[] outstanding, Promise<Window> done) {
        long sent = System.nanoTime();
        request.get().onComplete(r -> {
            long now = System.nanoTime();
            boolean again;
            // Answers may come on more than one thread (the first requests are still being issued, say).
            synchronized (window) {
                if (r.succeeded()) {
                    window.latency.recordValue(Math.max(1, (now - sent) / 1_000));
                } else {
                    window.errors++;
                }
                again = now < end;
                if (!again && --outstanding[0] == 0) {
                    window.elapsedNanos = now - window.start;
                    window.cpuNanos = processCpuNanos() - window.cpuStart;
                    if (roles != null) {
                        window.cpuByRole = CpuByRole.between(window.rolesStart, roles.snapshot());
                    }
                    done.complete(window);
                }
            }
            if (again) {
                issue(window, end, outstanding, done);
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
        final CpuByRole.Snapshot rolesStart;
        final Histogram latency = new Histogram(60_000_000L, 3);
        long errors;
        long elapsedNanos;
        long cpuNanos;
        Map<String, Long> cpuByRole = Map.of();

        Window(long start, long cpuStart, CpuByRole.Snapshot rolesStart) {
            this.start = start;
            this.cpuStart = cpuStart;
            this.rolesStart = rolesStart;
        }

        /** CPU time this JVM spent per completed call, in µs: steadier than throughput on a busy machine. */
        public double cpuMicrosPerCall() {
            return cpuNanos / 1e3 / Math.max(1, latency.getTotalCount());
        }

        /** CPU time per completed call in µs of each role's threads; empty unless the load splits it. */
        public Map<String, Double> cpuMicrosPerCallByRole() {
            Map<String, Double> perCall = new LinkedHashMap<>();
            cpuByRole.forEach((role, nanos) -> perCall.put(role, nanos / 1e3 / Math.max(1, latency.getTotalCount())));
            return perCall;
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
