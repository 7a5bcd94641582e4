package dev.enoki.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What callers record: {@code rpc.client.call.duration} (seconds, with the transport's failure as
 * {@code error.type}; an error the remote method raised comes back as a reply and counts on the server's side) and
 * {@code enoki.events.dispatched}. A client may name any service and method, so the label sets are capped.
 */
public final class CallMeters {
    private static final int MAX_SERIES = 1000;
    private static final CallMeters GLOBAL = new CallMeters(Metrics.globalRegistry);

    private final MeterRegistry registry;
    private final BoundedMeters<Timer> calls = new BoundedMeters<>(MAX_SERIES);
    private final BoundedMeters<Counter> dispatched = new BoundedMeters<>(MAX_SERIES);

    CallMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public static CallMeters global() {
        return GLOBAL;
    }

    public void called(String service, String method, Throwable error, long startNanos) {
        String errorType = ErrorTypes.of(error);
        calls.get(new BoundedMeters.Labels(service, method, errorType), this::timer)
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void dispatched(String source, String event, Throwable error) {
        String errorType = ErrorTypes.of(error);
        dispatched.get(new BoundedMeters.Labels(source, event, errorType), this::counter).increment();
    }

    private Timer timer(BoundedMeters.Labels call) {
        return Timer.builder("rpc.client.call.duration").description("RPC calls made, by target and outcome")
                .tags("rpc.system", "nameko", "rpc.service", call.owner(), "rpc.method", call.name(),
                        "error.type", call.errorType())
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private Counter counter(BoundedMeters.Labels event) {
        return Counter.builder("enoki.events.dispatched").description("Events dispatched, by source, type and outcome")
                .tags("source", event.owner(), "event", event.name(), "error.type", event.errorType())
                .register(registry);
    }
}
