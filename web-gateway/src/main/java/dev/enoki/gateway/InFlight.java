package dev.enoki.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's bulkhead: calls in flight per service, at most {@code max} each; published as the gauge
 * {@code enoki_gateway_in_flight}.
 */
final class InFlight {
    private final int max;
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> byService = new ConcurrentHashMap<>();

    InFlight(int max, MeterRegistry registry) {
        this.max = max;
        this.registry = registry;
    }

    /** Takes a slot for {@code service}; false when the service already has {@code max} calls in flight. */
    boolean tryEnter(String service) {
        AtomicInteger count = byService.computeIfAbsent(service, s -> {
            AtomicInteger c = new AtomicInteger();
            Gauge.builder("enoki.gateway.in_flight", c, AtomicInteger::get).tag("service", s).register(registry);
            return c;
        });
        if (count.incrementAndGet() > max) {
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    void exit(String service) {
        AtomicInteger count = byService.get(service);
        if (count != null) {
            count.decrementAndGet();
        }
    }
}
