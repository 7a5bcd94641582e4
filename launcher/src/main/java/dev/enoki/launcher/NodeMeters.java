package dev.enoki.launcher;

import dev.enoki.registry.ServiceRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The node's Prometheus registry. It joins Micrometer's global registry, where the toolkit records calls, workers and
 * events; Vert.x records its own (event loops, HTTP, event bus, pools) and the JVM's into it; and it gauges the
 * cluster's members ({@code enoki.cluster.members}) and the service instances the registry knows
 * ({@code enoki.registry.instances}). Vert.x keeps it as its default registry, so a gateway on the node serves the same.
 */
final class NodeMeters {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger instances = new AtomicInteger();

    NodeMeters() {
        Metrics.addRegistry(registry);
        Gauge.builder("enoki.registry.instances", instances, AtomicInteger::get)
                .description("Service instances the registry knows, as of the last scrape").register(registry);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Turns Vert.x's metrics on in {@code options}, recorded here; call before the builder is made from them. */
    static VertxOptions withVertxMetrics(VertxOptions options) {
        // A node runs several HTTP servers (management, gateway, @Http): their local address tells their series apart
        return options.setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .addLabels(Label.LOCAL).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    }

    VertxBuilder recordVertx(VertxBuilder builder) {
        return builder.withMetrics(new MicrometerMetricsFactory(registry));
    }

    /** Gauges the members of the node's cluster, this one included. */
    void gaugeClusterMembers(IntSupplier others) {
        Gauge.builder("enoki.cluster.members", () -> others.getAsInt() + 1)
                .description("Members of the node's cluster, this node included").strongReference(true).register(registry);
    }

    /** Reads the registry's size for the gauge; the registry answers asynchronously, so this precedes a scrape. */
    Future<Void> refresh(ServiceRegistry services) {
        return services.all().timeout(2, TimeUnit.SECONDS).onSuccess(records -> instances.set(records.size()))
                .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    }
}
