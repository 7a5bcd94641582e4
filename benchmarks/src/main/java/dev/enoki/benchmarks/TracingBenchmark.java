package dev.enoki.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What tracing costs: the same RPC with the {@code tracing} option off and on, in one run and alternating windows, on
 * the local event bus and on RabbitMQ at 64 calls in flight, printing on/off ratios. On means what a node does with
 * tracing on: an always-on sampler, a client and a server span per call, W3C context in the request's context data,
 * and a batch span processor feeding an exporter (OTLP by default, as on a node), which encodes and sends every batch
 * to a collector that drops it. The SDK's default queue of 2048 spans applies: what the exporter cannot keep up with
 * is dropped, as on a node, and the counts are printed.
 *
 * Settings: see {@link Comparison.Settings}, plus {@code uri=amqp://guest:guest@127.0.0.1:5672},
 * {@code transports=eventbus,amqp} and {@code exporter=otlp}: {@code otlp} sends OTLP/HTTP protobuf to a
 * {@link DiscardingCollector} in this JVM, {@code zipkin} encodes Zipkin JSON for a {@link DiscardingZipkinSender},
 * {@code none} makes and batches the spans and drops the batches unencoded (the spans' own cost, without export).
 */
public final class TracingBenchmark {
    private static final int[] LEVELS = {64};
    private static final int WORKERS = 64;
    private static final String[] SIDES = {"off", "on"};

    @Service("bench_untraced")
    public static class Untraced {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    @Service("bench_traced")
    public static class Traced {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    private TracingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        String uri = settings.extra().getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");
        Set<String> transports = Set.of(settings.extra().getOrDefault("transports", "eventbus,amqp").split(","));
        DiscardingZipkinSender sender = new DiscardingZipkinSender();
        LongAdder exported = new LongAdder();
        String exporterName = settings.extra().getOrDefault("exporter", "otlp");
        DiscardingCollector collector = new DiscardingCollector();
        SpanExporter exporter = switch (exporterName) {
            case "otlp" -> OtlpHttpSpanExporter.builder().setEndpoint(collector.endpoint()).build();
            case "zipkin" -> ZipkinSpanExporter.builder().setSender(sender).build();
            case "none" -> SpanExporter.composite();
            default -> throw new IllegalArgumentException("exporter is otlp, zipkin or none, not " + exporterName);
        };
        System.out.println("exporter: " + exporterName);
        OpenTelemetrySdk sdk = installSdk(exporter, exported);

        Vertx vertx = Vertx.vertx();
        if (transports.contains("eventbus")) {
            eventBus(vertx, settings);
        }
        if (transports.contains("amqp")) {
            rabbitMq(vertx, uri, settings);
        }
        sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
        System.out.printf("%nspans exported: %,d; bytes exported: %,d (OTLP), %,d (Zipkin, %,d spans); spans beyond the "
                        + "batch processor's queue are dropped, as on a node%n", exported.sum(), collector.bytes(),
                sender.bytes(), sender.spans());
        collector.close();
        sdk.shutdown().join(10, TimeUnit.SECONDS);
        vertx.close().await();
    }

    /** As the launcher's autoconfigured SDK with {@code OTEL_TRACES_SAMPLER=always_on}: one batch span processor. */
    private static OpenTelemetrySdk installSdk(SpanExporter exporter, LongAdder exported) {
        SdkTracerProvider tracers = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.builder().put("service.name", "bench").build()))
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(BatchSpanProcessor.builder(counted(exporter, exported)).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracers)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        GlobalOpenTelemetry.set(sdk);
        return sdk;
    }

    /** Counts the spans handed to {@code exporter}, on the processor's export thread: nothing on the calls' path. */
    private static SpanExporter counted(SpanExporter exporter, LongAdder exported) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.add(spans.size());
                return exporter.export(spans);
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }
        };
    }

    private static void eventBus(Vertx vertx, Comparison.Settings settings) throws Exception {
        JsonObject off = new JsonObject().put("tracing", false);
        JsonObject on = new JsonObject().put("tracing", true);
        new ServiceContainer(Untraced.class, off).start(vertx).await(10, TimeUnit.SECONDS);
        new ServiceContainer(Traced.class, on).start(vertx).await(10, TimeUnit.SECONDS);
        EnokiClient offClient = EnokiClient.connect(vertx, off).await(10, TimeUnit.SECONDS);
        EnokiClient onClient = EnokiClient.connect(vertx, on).await(10, TimeUnit.SECONDS);
        ServiceProxy untraced = offClient.proxy("bench_untraced");
        ServiceProxy traced = onClient.proxy("bench_traced");
        Supplier<Future<?>> offCall = () -> untraced.callAsync("hello", String.class, "Matt");
        Supplier<Future<?>> onCall = () -> traced.callAsync("hello", String.class, "Matt");
        // The loads on an event loop that neither service takes its requests on, as in EventBusRpcBenchmark
        Set<Thread> servers = new HashSet<>(EventLoops.receivers(vertx, "enoki.rpc.bench_untraced", offCall));
        servers.addAll(EventLoops.receivers(vertx, "enoki.rpc.bench_traced", onCall));
        Context loads = EventLoops.clientContext(vertx, servers);
        System.out.println("Local event bus, tracing off vs on");
        Comparison.run("eb-local", SIDES, LEVELS, ClosedLoop.on(loads, offCall), ClosedLoop.on(loads, onCall),
                Map.of(), settings);
        offClient.close();
        onClient.close();
    }

    private static void rabbitMq(Vertx vertx, String uri, Comparison.Settings settings) throws Exception {
        JsonObject off = new JsonObject().put("AMQP_URI", uri).put("max_workers", WORKERS).put("rpc_timeout", "60s")
                .put("tracing", false);
        JsonObject on = off.copy().put("tracing", true);
        ServiceContainer untracedService = new ServiceContainer(Untraced.class, off);
        ServiceContainer tracedService = new ServiceContainer(Traced.class, on);
        untracedService.start(vertx).await();
        tracedService.start(vertx).await();
        EnokiClient offClient = EnokiClient.connect(vertx, off).await();
        EnokiClient onClient = EnokiClient.connect(vertx, on).await();
        ServiceProxy untraced = offClient.proxy("bench_untraced");
        ServiceProxy traced = onClient.proxy("bench_traced");
        System.out.printf("%nRabbitMQ, tracing off vs on; server concurrency %d%n", WORKERS);
        Comparison.run("amqp", SIDES, LEVELS,
                ClosedLoop.outsideVertx(() -> untraced.callAsync("hello", String.class, "Matt")),
                ClosedLoop.outsideVertx(() -> traced.callAsync("hello", String.class, "Matt")), Map.of(), settings);
        offClient.close();
        onClient.close();
        untracedService.stop().await();
        tracedService.stop().await();
        // A service's RPC queue outlives the service, as Nameko's does; the benchmark's should not outlive the run.
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        try (Connection connection = factory.newConnection("bench-cleanup");
             Channel channel = connection.createChannel()) {
            channel.queueDelete("rpc-bench_untraced");
            channel.queueDelete("rpc-bench_traced");
        }
    }
}
