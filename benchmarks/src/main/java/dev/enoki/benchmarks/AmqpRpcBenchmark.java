package dev.enoki.benchmarks;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enoki RPC over RabbitMQ against a bare RabbitMQ-client RPC with the same queue topology, in one run, as calls/s
 * and p50/p99 latency at 1, 64 and 256 calls in flight, with Enoki/bare ratios.
 *
 * Settings: see {@link Comparison.Settings}, plus {@code uri=amqp://guest:guest@127.0.0.1:5672}. Both sides publish
 * transient requests and replies, requests mandatory, and acknowledge a request only after its reply is confirmed. Both are
 * driven alike, from outside Vert.x: each next call leaves from the RabbitMQ client's thread that delivered the last
 * reply, as the bare client's own futures do.
 */
public final class AmqpRpcBenchmark {
    private static final int WORKERS = 64;

    @Service("bench_greeter")
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    private AmqpRpcBenchmark() {
    }

    private static ExecutorService workers() {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(WORKERS, task -> {
            Thread thread = new Thread(task, "handwritten-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        String uri = settings.extra().getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");

        Vertx vertx = Vertx.vertx();
        JsonObject config = new JsonObject().put("AMQP_URI", uri).put("max_workers", WORKERS).put("rpc_timeout", "60s");
        ServiceContainer greeter = new ServiceContainer(Greeter.class, config);
        greeter.start(vertx).await();
        EnokiClient client = EnokiClient.connect(vertx, config).await();
        ServiceProxy proxy = client.proxy("bench_greeter");

        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(uri);
        byte[] request = "{\"args\":[\"Matt\"],\"kwargs\":{}}".getBytes(StandardCharsets.UTF_8);
        BareAmqpRpc bare = new BareAmqpRpc(factory, "bench-bare-rpc", "bench_bare", WORKERS);
        // The references: the bare server handing each request to a pool of as many workers as Enoki's container.
        BareAmqpRpc hop = new BareAmqpRpc(factory, "bench-bare-rpc", "bench_bare_worker_hop", WORKERS,
                workers(), body -> BareAmqpRpc.REPLY, false);
        BareAmqpRpc hopAndJson = new BareAmqpRpc(factory, "bench-bare-rpc", "bench_bare_worker_hop_json", WORKERS,
                workers(), HandWrittenRpc::greet, false);
        // The same with the headers the protocol puts on every request: they cost the broker more than the rest.
        BareAmqpRpc hopJsonAndHeaders = new BareAmqpRpc(factory, "bench-bare-rpc",
                "bench_bare_worker_hop_json_headers", WORKERS, workers(), HandWrittenRpc::greet, true);
        Map<String, ClosedLoop> references = new LinkedHashMap<>();
        references.put("bare + worker hop",
                ClosedLoop.outsideVertx(() -> Future.fromCompletionStage(hop.call(request))));
        references.put("bare + worker hop + JSON", ClosedLoop.outsideVertx(() -> Future.fromCompletionStage(
                hopAndJson.call(HandWrittenRpc.request("Matt")).thenApply(HandWrittenRpc::result))));
        references.put("bare + worker hop + JSON + headers", ClosedLoop.outsideVertx(() -> Future.fromCompletionStage(
                hopJsonAndHeaders.call(HandWrittenRpc.request("Matt")).thenApply(HandWrittenRpc::result))));

        System.out.printf("AMQP RPC; server concurrency %d on both sides%n", WORKERS);
        CpuByRole roles = new CpuByRole(List.of("connections", "bare", "client", "service", "workers", "other"),
                name -> name.startsWith("AMQP Connection") ? "connections"
                        : name.startsWith("pool-") ? "bare"
                        : name.startsWith("enoki-amqp-standalone_rpc_proxy-") ? "client"
                        : name.startsWith("enoki-amqp-bench_greeter-") ? "service"
                        : name.startsWith("enoki-bench_greeter-") ? "workers" : "other");
        Comparison.run("amqp",
                ClosedLoop.outsideVertx(() -> Future.fromCompletionStage(bare.call(request))).splittingCpu(roles),
                ClosedLoop.outsideVertx(() -> proxy.callAsync("hello", String.class, "Matt")).splittingCpu(roles),
                references, settings);
        bare.close();
        hop.close();
        hopAndJson.close();
        hopJsonAndHeaders.close();
        client.close();
        greeter.stop().await();
        vertx.close().await();
        // A service's RPC queue outlives the service, as Nameko's does; the benchmark's should not outlive the run.
        try (Connection connection = factory.newConnection("bench-cleanup");
             Channel channel = connection.createChannel()) {
            channel.queueDelete("rpc-bench_greeter");
        }
    }
}
