package dev.enoki.gateway;

import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches containers' workers for {@code /metrics}: workers in flight ({@code enoki_workers_in_flight}) and finished
 * ({@code enoki_workers_total}, by outcome), per service and method. Add it to each container of this node with
 * {@code container.addWorkerListener(gateway.workerMetrics())}.
 */
public final class WorkerMetrics implements WorkerListener {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void workerStarted(WorkerContext worker) {
        gauge(worker).incrementAndGet();
    }

    @Override
    public void workerFinished(WorkerContext worker, Object result, Throwable error) {
        gauge(worker).decrementAndGet();
        Counter.builder("enoki.workers").description("Workers finished")
                .tags("service", worker.serviceName(), "method", worker.methodName(),
                        "outcome", error == null ? "ok" : error.getClass().getSimpleName())
                .register(registry).increment();
    }

    private AtomicInteger gauge(WorkerContext worker) {
        return inFlight.computeIfAbsent(worker.serviceName() + "." + worker.methodName(), key -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("enoki.workers.in_flight", count, AtomicInteger::get).description("Workers running now")
                    .tags("service", worker.serviceName(), "method", worker.methodName()).register(registry);
            return count;
        });
    }
}
