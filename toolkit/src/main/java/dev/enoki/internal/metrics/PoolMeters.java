package dev.enoki.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Per service: workers busy ({@code enoki.workers.busy}), calls waiting for one ({@code enoki.workers.queued}) and
 * calls refused with {@code ServiceBusy} ({@code enoki.workers.refused}). The gauges add up every pool of the
 * service in this process, so two containers of one service (or one replacing another) share one series.
 */
public final class PoolMeters {
    /** What a pool tells the gauges; read on the scraping thread. */
    public interface Load {
        int busy();

        int queued();
    }

    private static final PoolMeters GLOBAL = new PoolMeters(Metrics.globalRegistry);

    private final MeterRegistry registry;
    private final Map<String, Set<Load>> pools = new ConcurrentHashMap<>();
    private final Map<String, Counter> refused = new ConcurrentHashMap<>();

    PoolMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public static PoolMeters global() {
        return GLOBAL;
    }

    public void add(String service, Load pool) {
        pools.computeIfAbsent(service, s -> {
            Set<Load> set = ConcurrentHashMap.newKeySet();
            gauge("enoki.workers.busy", "Workers running a call now", s, set, Load::busy);
            gauge("enoki.workers.queued", "Calls waiting for a free worker", s, set, Load::queued);
            return set;
        }).add(pool);
    }

    public void remove(String service, Load pool) {
        Set<Load> set = pools.get(service);
        if (set != null) {
            set.remove(pool);
        }
    }

    public void refused(String service) {
        refused.computeIfAbsent(service, s -> Counter.builder("enoki.workers.refused")
                .description("Calls refused with ServiceBusy: every worker busy and the queue full")
                .tag("service", s).register(registry)).increment();
    }

    private void gauge(String name, String description, String service, Set<Load> set, ToIntFunction<Load> value) {
        Gauge.builder(name, set, s -> s.stream().mapToInt(value).sum()).description(description)
                .tag("service", service).strongReference(true).register(registry);
    }
}
