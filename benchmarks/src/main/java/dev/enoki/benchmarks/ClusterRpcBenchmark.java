package dev.enoki.benchmarks;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Clustered event-bus RPC between two JVMs on 127.0.0.1 (Hazelcast, TCP-IP join): Enoki's
 * {@code greeting_service.hello}, found through the cluster registry, against a bare Vert.x request/reply answering
 * the same bytes from the same server JVM, at 1, 64 and 256 calls in flight, in one run. This JVM is the client; it
 * starts the server JVM itself. Prints the median window per level and Enoki's ratio to bare.
 *
 * <p>Arguments (all optional): {@code windows=5 seconds=3 warmup=5}. Run with Hazelcast's Java 17 flags
 * ({@link ClusteredVertx#JVM_FLAGS}) for figures free of its reflective fallbacks.
 */
public final class ClusterRpcBenchmark {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            serve(new JsonObject(args[1]));
            return;
        }
        Comparison.Settings settings = Comparison.Settings.parse(args);
        int clientPort = FreePorts.next();
        int serverPort = FreePorts.next();
        JsonObject cluster = new JsonObject().put("name", "enoki-bench-" + UUID.randomUUID().toString().substring(0, 8))
                .put("members", new JsonArray().add("127.0.0.1:" + clientPort).add("127.0.0.1:" + serverPort))
                .put("host", "127.0.0.1").put("port_auto_increment", false);
        Process server = startServer(ClusterRpcBenchmark.class,
                new JsonObject().put("cluster", cluster.copy().put("port", serverPort)));
        try {
            run(settings, new JsonObject().put("cluster", cluster.copy().put("port", clientPort)));
        } finally {
            server.destroyForcibly();
            server.waitFor(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void run(Comparison.Settings settings, JsonObject config) throws Exception {
        Vertx vertx = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await(60, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, config).await(10, TimeUnit.SECONDS);
        ServiceProxy greeting = client.proxy("greeting_service");
        awaitServer(greeting);

        // Both loads on one event loop, so both meet the connection to the server node alike.
        Context loads = EventLoops.clientContext(vertx, Set.of());
        Comparison.run("eb-cluster",
                ClosedLoop.on(loads, () -> vertx.eventBus().request("bare.greeting", EventBusRpcBenchmark.REQUEST)),
                ClosedLoop.on(loads, () -> greeting.callAsync("hello", String.class, "Matt")),
                HandWrittenRpc.references(loads, vertx), settings);
        client.close();
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** The first calls to a node just seen take hundreds of milliseconds (connection set-up): wait them out. */
    static void awaitServer(ServiceProxy greeting) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                greeting.callAsync("hello", String.class, "Matt").await(5, TimeUnit.SECONDS);
                return;
            } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > giveUp) {
                    throw new IllegalStateException("the server JVM never answered", e);
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * Starts {@code main} with {@code server <config>} in a JVM of its own with Hazelcast's flags, and returns once
     * it printed {@code READY}; its later output goes to this one's.
     */
    static Process startServer(Class<?> main, JsonObject config) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ClusteredVertx.JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "server",
                config.encode()));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            System.out.println("server: " + line);
        }
        if (line == null) {
            throw new IllegalStateException("the server JVM exited before it was ready");
        }
        Thread drain = new Thread(() -> out.lines().forEach(l -> System.out.println("server: " + l)), "server-output");
        drain.setDaemon(true);   // a full pipe would stall the server
        drain.start();
        return server;
    }

    /** The server JVM: the Enoki service, the bare consumer and the references on one node, until its input closes. */
    private static void serve(JsonObject config) throws Exception {
        Vertx vertx = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(ctx -> Future.all(HandWrittenRpc.serve(vertx),
                vertx.eventBus().<Buffer>consumer("bare.greeting").handler(m -> m.reply(EventBusRpcBenchmark.REPLY))
                        .completion())).await(10, TimeUnit.SECONDS);
        new ServiceContainer(EventBusRpcBenchmark.GreetingService.class, config).start(vertx)
                .await(10, TimeUnit.SECONDS);
        serveUntilInputCloses(vertx);
    }

    /** Says {@code READY} to the benchmark's JVM and serves until it closes this one's input or kills it. */
    static void serveUntilInputCloses(Vertx vertx) throws Exception {
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // serve until the client closes our input or kills us
        }
        vertx.close().await(30, TimeUnit.SECONDS);
        System.exit(0);
    }
}
