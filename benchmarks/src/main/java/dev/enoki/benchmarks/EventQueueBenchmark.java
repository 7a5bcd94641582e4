package dev.enoki.benchmarks;

import dev.enoki.EnokiClient;
import dev.enoki.EventHandler;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events between two clustered JVMs on 127.0.0.1: a reliable SERVICE_POOL handler, whose events go through the
 * cluster's event queue, against a {@code reliableDelivery = false} one, whose events are sent as they come, in one
 * run with alternating windows. An event counts once its handler in the server JVM has run and told this JVM (a bare
 * event-bus send, the same for both), 64 in flight. Prints the median window of each: events per second, p50, p99,
 * and CPU µs per event of this JVM, of the server JVM and of both.
 *
 * <p>Arguments (all optional): {@code windows=5 seconds=3 warmup=5 inflight=64}. Run with Hazelcast's Java 17 flags
 * ({@link ClusteredVertx#JVM_FLAGS}).
 */
public final class EventQueueBenchmark {
    static final String SOURCE = "bench";
    static final String DONE = "bench.events.done";

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serve(new JsonObject(args[1]));
            return;
        }
        Comparison.Settings settings = Comparison.Settings.parse(args);
        int inFlight = Integer.parseInt(settings.extra().getOrDefault("inflight", "64"));
        int clientPort = FreePorts.next();
        int serverPort = FreePorts.next();
        JsonObject cluster = new JsonObject().put("name", "enoki-bench-" + UUID.randomUUID().toString().substring(0, 8))
                .put("members", new JsonArray().add("127.0.0.1:" + clientPort).add("127.0.0.1:" + serverPort))
                .put("host", "127.0.0.1").put("port_auto_increment", false);
        Process server = ClusterRpcBenchmark.startServer(EventQueueBenchmark.class,
                new JsonObject().put("cluster", cluster.copy().put("port", serverPort)));
        try {
            run(settings, inFlight, new JsonObject().put("cluster", cluster.copy().put("port", clientPort)), server);
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(Comparison.Settings settings, int inFlight, JsonObject config, Process server)
            throws Exception {
        Vertx vertx = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await(60, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, config).await(10, TimeUnit.SECONDS);
        Map<String, Promise<Void>> pending = new ConcurrentHashMap<>();
        vertx.eventBus().<String>consumer(DONE, m -> {
            Promise<Void> p = pending.remove(m.body());
            if (p != null) {
                p.tryComplete();
            }
        }).completion().await(10, TimeUnit.SECONDS);
        AtomicLong ids = new AtomicLong();
        Context loads = EventLoops.clientContext(vertx, Set.of());
        ClosedLoop reliable = ClosedLoop.on(loads, () -> event(client, pending, "reliable", ids));
        ClosedLoop loose = ClosedLoop.on(loads, () -> event(client, pending, "loose", ids));
        event(client, pending, "reliable", ids).await(60, TimeUnit.SECONDS);   // the first ones set up connections
        event(client, pending, "loose", ids).await(60, TimeUnit.SECONDS);

        System.out.printf("warming up %d s each%n", settings.warmupSeconds());
        loose.run(inFlight, settings.warmupSeconds() * 1000L).await();
        reliable.run(inFlight, settings.warmupSeconds() * 1000L).await();
        List<Measured> looseWindows = new ArrayList<>();
        List<Measured> reliableWindows = new ArrayList<>();
        for (int i = 0; i < settings.windows(); i++) {
            looseWindows.add(measure(loose, inFlight, settings, server));
            reliableWindows.add(measure(reliable, inFlight, settings, server));
        }
        System.out.printf("%n%-22s %9s | %10s %8s %8s | %10s %10s %10s%n", "events", "in flight", "events/s",
                "p50 µs", "p99 µs", "cpu here", "cpu server", "cpu both");
        print("fire-and-forget", inFlight, median(looseWindows));
        print("reliable (queue)", inFlight, median(reliableWindows));
        client.close();
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** Dispatches one event and completes when its handler in the server JVM has run. */
    private static Future<Void> event(EnokiClient client, Map<String, Promise<Void>> pending, String type,
                                      AtomicLong ids) {
        String id = type + "-" + ids.incrementAndGet();
        Promise<Void> handled = Promise.promise();
        pending.put(id, handled);
        return client.dispatchAsync(SOURCE, type, id).compose(v -> handled.future());
    }

    private record Measured(ClosedLoop.Window window, double serverCpuMicrosPerEvent) {
    }

    private static Measured measure(ClosedLoop loop, int inFlight, Comparison.Settings settings, Process server) {
        long before = serverCpuNanos(server);
        ClosedLoop.Window w = loop.run(inFlight, settings.seconds() * 1000L).await();
        long after = serverCpuNanos(server);
        if (w.errors() > 0) {
            throw new IllegalStateException(w.errors() + " events failed during the benchmark");
        }
        double events = Math.max(1, w.latency.getTotalCount());
        return new Measured(w, (after - before) / 1_000.0 / events);
    }

    private static long serverCpuNanos(Process server) {
        return server.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static Measured median(List<Measured> windows) {
        windows.sort(Comparator.comparingDouble(m -> m.window().perSecond()));
        return windows.get(windows.size() / 2);
    }

    private static void print(String label, int inFlight, Measured m) {
        ClosedLoop.Window w = m.window();
        System.out.printf("%-22s %9d | %,10.0f %8d %8d | %10.1f %10.1f %10.1f%n", label, inFlight, w.perSecond(),
                w.p50(), w.p99(), w.cpuMicrosPerCall(), m.serverCpuMicrosPerEvent(),
                w.cpuMicrosPerCall() + m.serverCpuMicrosPerEvent());
    }

    /** The server JVM's handlers: each tells the benchmark's JVM it ran. */
    @Service("bench_sink")
    public static class BenchSink {
        static volatile Vertx vertx;

        @EventHandler(source = SOURCE, event = "reliable")
        public void onReliable(String id) {
            vertx.eventBus().send(DONE, id);
        }

        @EventHandler(source = SOURCE, event = "loose", reliableDelivery = false)
        public void onLoose(String id) {
            vertx.eventBus().send(DONE, id);
        }
    }

    private static void serve(JsonObject config) throws Exception {
        Vertx vertx = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await(60, TimeUnit.SECONDS);
        BenchSink.vertx = vertx;
        new ServiceContainer(BenchSink.class, config.copy().put("max_workers", 64)).start(vertx)
                .await(10, TimeUnit.SECONDS);
        ClusterRpcBenchmark.serveUntilInputCloses(vertx);
    }
}
