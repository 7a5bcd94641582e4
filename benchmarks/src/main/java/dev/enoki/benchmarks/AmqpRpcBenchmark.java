package dev.enoki.benchmarks;

import com.rabbitmq.client.ConnectionFactory;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enoki RPC over RabbitMQ against a bare RabbitMQ-client RPC with the same queue topology, in one run, as calls/s
 * and p50/p99 latency at 1, 64 and 256 calls in flight, with Enoki/bare ratios.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package dependency:build-classpath -DskipTests \
 *     -Dmdep.outputFile=/tmp/bench-cp.txt -Dmdep.includeScope=runtime
 * java -cp benchmarks/target/classes:$(cat /tmp/bench-cp.txt) dev.enoki.benchmarks.AmqpRpcBenchmark \
 *     --seconds 5 --warmup 3 --uri amqp://guest:guest@127.0.0.1:5672
 * </pre>
 */
public final class AmqpRpcBenchmark {
    private static final int WORKERS = 64;
    private static final List<Integer> LEVELS = List.of(1, 64, 256);

    @Service("bench_greeter")
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    private AmqpRpcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String uri = options.getOrDefault("uri", "amqp://guest:guest@127.0.0.1:5672");
        Duration window = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "5")));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));

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

        System.out.printf("AMQP RPC, closed loop; %d s warm-up and a %d s window per level; server concurrency %d%n",
                warmup.toSeconds(), window.toSeconds(), WORKERS);
        System.out.printf("%-9s %-6s %12s %10s %10s%n", "in flight", "stack", "calls/s", "p50 ms", "p99 ms");
        for (int inFlight : LEVELS) {
            ClosedLoop.Result enoki = ClosedLoop.run(
                    () -> proxy.callAsync("hello", String.class, "Matt").toCompletionStage(), inFlight, warmup, window);
            ClosedLoop.Result baseline = ClosedLoop.run(() -> bare.call(request), inFlight, warmup, window);
            print(inFlight, "enoki", enoki);
            print(inFlight, "bare", baseline);
            System.out.printf("%-9d %-6s %12.2f %10.2f %10.2f%n", inFlight, "ratio",
                    enoki.callsPerSecond() / baseline.callsPerSecond(), enoki.p50Micros() / baseline.p50Micros(),
                    enoki.p99Micros() / baseline.p99Micros());
        }
        bare.close();
        client.close();
        greeter.stop().await();
        vertx.close().await();
    }

    private static void print(int inFlight, String stack, ClosedLoop.Result r) {
        System.out.printf("%-9d %-6s %12.0f %10.2f %10.2f%s%n", inFlight, stack, r.callsPerSecond(),
                r.p50Micros() / 1e3, r.p99Micros() / 1e3, r.errors() > 0 ? "  (" + r.errors() + " errors)" : "");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}
