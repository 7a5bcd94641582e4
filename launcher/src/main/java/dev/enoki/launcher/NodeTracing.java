package dev.enoki.launcher;

import dev.enoki.Service;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The OpenTelemetry SDK of a node that runs with tracing on, set as the global one before any service starts, so
 * the toolkit's spans go to it. Everything else is the standard {@code OTEL_*} variables' and {@code otel.*}
 * properties' (autoconfigure): exporter (OTLP by default, or Zipkin), endpoint, sampler, propagators. Only the
 * service name has a default of its own, the node's services. Closing it exports what is still buffered.
 */
final class NodeTracing implements AutoCloseable {
    static final String GATEWAY_ONLY = "enoki-gateway";
    private static final long FLUSH_SECONDS = 10;
    private static final NodeTracing OFF = new NodeTracing(null);

    private final OpenTelemetrySdk sdk;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeTracing(OpenTelemetrySdk sdk) {
        this.sdk = sdk;
    }

    /**
     * With tracing on, builds the SDK from the standard settings and makes it the global one, exporting on shutdown
     * whatever is left; with it off, nothing (no SDK class is even loaded).
     */
    static NodeTracing install(boolean on, List<Class<?>> services) {
        if (!on) {
            return OFF;
        }
        String serviceName = serviceName(services);
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(NodeTracing::defaults)
                .addPropertiesCustomizer(settings -> serviceNameUnlessGiven(settings, serviceName))
                // Its own hook would race the node's drain; this one runs after it (close), or on any other exit
                .disableShutdownHook()
                .setResultAsGlobal()
                .build()
                .getOpenTelemetrySdk();
        NodeTracing tracing = new NodeTracing(sdk);
        Runtime.getRuntime().addShutdownHook(new Thread(tracing::close, "enoki-tracing-flush"));
        return tracing;
    }

    /**
     * What Enoki changes of the SDK's own defaults, each still overridden by its variable or property: spans only, so
     * no metrics or logs exporter sends to a collector that may not be there (metrics are the node's /metrics); and
     * OTLP over HTTP with protobuf (port 4318), the protocol the OpenTelemetry specification makes the default, where
     * the Java SDK alone still defaults to gRPC.
     */
    static Map<String, String> defaults() {
        return Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                "otel.exporter.otlp.protocol", "http/protobuf");
    }

    /** {@code otel.service.name}, unless it or a {@code service.name} resource attribute is set. */
    static Map<String, String> serviceNameUnlessGiven(ConfigProperties settings, String serviceName) {
        String given = settings.getString("otel.service.name");
        boolean inResource = settings.getMap("otel.resource.attributes").containsKey("service.name");
        return given != null && !given.isBlank() || inResource ? Map.of() : Map.of("otel.service.name", serviceName);
    }

    /** The node's service names, sorted and comma separated; a node without services is its gateway. */
    static String serviceName(Collection<Class<?>> services) {
        String names = services.stream().map(type -> type.getAnnotation(Service.class))
                .filter(java.util.Objects::nonNull).map(Service::value).sorted().distinct()
                .collect(Collectors.joining(","));
        return names.isEmpty() ? GATEWAY_ONLY : names;
    }

    boolean isOn() {
        return sdk != null;
    }

    /** Exports what is buffered and stops the SDK, waiting a few seconds at most; once only. */
    @Override
    public void close() {
        if (sdk == null || !closed.compareAndSet(false, true)) {
            return;
        }
        CompletableResultCode done = sdk.shutdown();
        done.join(FLUSH_SECONDS, TimeUnit.SECONDS);
    }
}
