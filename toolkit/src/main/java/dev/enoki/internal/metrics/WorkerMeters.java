package dev.enoki.internal.metrics;

import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What every container's workers record, into Micrometer's global registry (the node adds its Prometheus registry
 * there): {@code rpc.server.call.duration} for {@code @Rpc} methods, {@code enoki.worker.duration} for the other
 * entrypoints (timers, {@code @Http}, custom ones), both in seconds with the exception type as {@code error.type},
 * and {@code enoki.events.handled} for {@code @EventHandler} methods. Labels are the service's own names only.
 */
public final class WorkerMeters implements WorkerListener {
    private static final WorkerMeters INSTANCE = new WorkerMeters(Metrics.globalRegistry);

    private final MeterRegistry registry;
    private final Map<Method, String> kinds = new ConcurrentHashMap<>();
    private final BoundedMeters<Timer> timers = new BoundedMeters<>(Integer.MAX_VALUE);
    private final BoundedMeters<Counter> handled = new BoundedMeters<>(Integer.MAX_VALUE);

    WorkerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The listener every container has. */
    public static WorkerMeters instance() {
        return INSTANCE;
    }

    @Override
    public void workerFinished(WorkerContext worker, Object result, Throwable error) {
        long elapsed = System.nanoTime() - worker.startNanos();
        Method method = worker.entrypoint().method();
        String kind = kinds.computeIfAbsent(method, WorkerMeters::kindOf);
        String service = worker.serviceName();
        String name = worker.methodName();
        String errorType = ErrorTypes.of(error);
        BoundedMeters.Labels labels = new BoundedMeters.Labels(service, name, errorType);
        timers.get(labels, key -> timer(kind, service, name, errorType)).record(elapsed, TimeUnit.NANOSECONDS);
        if (kind.equals("event")) {
            EventHandler event = method.getAnnotation(EventHandler.class);
            handled.get(labels, key -> Counter.builder("enoki.events.handled")
                    .description("Events handled, by handler and outcome")
                    .tags("service", service, "method", name, "source", event.source(), "event", event.event(),
                            "error.type", errorType)
                    .register(registry)).increment();
        }
    }

    private Timer timer(String kind, String service, String method, String errorType) {
        Timer.Builder builder = kind.equals("rpc")
                ? Timer.builder("rpc.server.call.duration").description("RPC calls served, by method and outcome")
                .tags("rpc.system", "nameko", "rpc.service", service, "rpc.method", method)
                : Timer.builder("enoki.worker.duration").description("Workers of entrypoints other than @Rpc")
                .tags("service", service, "method", method, "entrypoint", kind);
        return builder.tag("error.type", errorType)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    private static String kindOf(Method method) {
        if (method.isAnnotationPresent(Rpc.class)) {
            return "rpc";
        }
        if (method.isAnnotationPresent(EventHandler.class)) {
            return "event";
        }
        if (method.isAnnotationPresent(dev.enoki.Timer.class)) {
            return "timer";
        }
        if (method.isAnnotationPresent(dev.enoki.Consume.class)) {
            return "consume";
        }
        return method.isAnnotationPresent(dev.enoki.Http.class) ? "http" : "other";
    }
}
