package dev.enoki.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway counts, per service and method: calls by status with a latency histogram
 * ({@code enoki_gateway_calls_seconds_*}), errors by type ({@code enoki_gateway_errors_total}) and calls in flight
 * ({@code enoki_gateway_in_flight}). Names of services and methods nobody runs are not used as labels, so a client
 * cannot grow the series without end.
 */
final class GatewayMetrics {
    static final String UNKNOWN = "_unknown";

    private final MeterRegistry registry;
    /** Looked up by a plain key: registering a meter again on every call costs more than the call's own work. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    MeterRegistry registry() {
        return registry;
    }

    void called(String service, String method, int status, long startNanos) {
        timers.computeIfAbsent(service + ' ' + method + ' ' + status, key -> timer(service, method, status))
                .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String service, String method, int status) {
        return Timer.builder("enoki.gateway.calls")
                .description("Calls through the gateway")
                .tags("service", service, "method", method, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    void failed(String service, String method, String errorType) {
        Counter.builder("enoki.gateway.errors")
                .description("Calls through the gateway that failed")
                .tags("service", service, "method", method, "error", errorType)
                .register(registry)
                .increment();
    }
}
