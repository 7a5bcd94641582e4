package dev.enoki.benchmarks;

import dev.enoki.Blocking;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.gateway.GatewayOptions;
import dev.enoki.gateway.WebGateway;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/greeting_service/hello} through the gateway (JSON body, RPC over the event bus to a container, a
 * worker, the reply back) against a bare vertx-web route that parses the same body and answers the same JSON, in
 * one run, loaded by {@code wrk} (Debian's package) from a second process at 64 connections. Both have one HTTP
 * server per core.
 *
 * <pre>
 * ./mvnw -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/enoki-benchmarks.jar dev.enoki.benchmarks.GatewayBenchmark [seconds] [warmup]
 * </pre>
 */
public final class GatewayBenchmark {
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("\\s99%\\s+([0-9.]+)(us|ms|s)");
    private static final int CONNECTIONS = 64;
    private static final int ROUNDS = 3;

    @Service("greeting_service")
    public static class GreetingService {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    record Result(double requestsPerSecond, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Vertx vertx = Vertx.vertx();
        try {
            Blocking.await(new ServiceContainer(GreetingService.class, new JsonObject()).start(vertx));
            // Both get as many HTTP servers, an event loop each, as the gateway's default: one per core.
            int servers = new GatewayOptions().instances();
            WebGateway gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), new JsonObject());
            Blocking.await(gateway.start(vertx));
            int barePort = bare(vertx, servers);
            Path script = Files.createTempFile("enoki-post", ".lua");
            Files.writeString(script, "wrk.method = \"POST\"\nwrk.body = '[\"Matt\"]'\n"
                    + "wrk.headers[\"Content-Type\"] = \"application/json\"\n");
            String path = "/api/greeting_service/hello";
            wrk(script, barePort, path, warmup);
            wrk(script, gateway.port(), path, warmup);
            // Alternate the two so that load from elsewhere on the machine hits both alike; keep each one's best round.
            Result baseline = null;
            Result enoki = null;
            for (int round = 1; round <= ROUNDS; round++) {
                Result b = wrk(script, barePort, path, seconds);
                Result e = wrk(script, gateway.port(), path, seconds);
                System.out.printf("round %d: bare %.0f req/s p99 %.2f ms, gateway %.0f req/s p99 %.2f ms%n",
                        round, b.requestsPerSecond(), b.p99Millis(), e.requestsPerSecond(), e.p99Millis());
                baseline = best(baseline, b);
                enoki = best(enoki, e);
            }
            Files.delete(script);
            System.out.printf("%n%d HTTP servers each%n%-34s %12s %10s%n", servers, "POST " + path + ", 64 conns", "req/s", "p99 ms");
            System.out.printf("%-34s %12.0f %10.2f%n", "bare vertx-web route", baseline.requestsPerSecond(), baseline.p99Millis());
            System.out.printf("%-34s %12.0f %10.2f%n", "Enoki gateway (RPC, event bus)", enoki.requestsPerSecond(), enoki.p99Millis());
            System.out.printf("%-34s %12.2f %10.2f%n", "ratio gateway / bare", enoki.requestsPerSecond() / baseline.requestsPerSecond(),
                    enoki.p99Millis() / baseline.p99Millis());
        } finally {
            Blocking.await(vertx.close());
        }
    }

    private static Result best(Result a, Result b) {
        return a == null || b.requestsPerSecond() > a.requestsPerSecond() ? b : a;
    }

    /** {@code servers} bare servers sharing one random port (Vert.x shares a negative port among its servers). */
    private static int bare(Vertx vertx, int servers) {
        AtomicInteger port = new AtomicInteger();
        Blocking.await(vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                return vertx.createHttpServer().requestHandler(bareRouter(vertx)).listen(-1, "127.0.0.1")
                        .onSuccess(s -> port.set(s.actualPort()));
            }
        }, new DeploymentOptions().setInstances(servers)));
        return port.get();
    }

    /** The baseline: the same body parsed and the same JSON answered, with no RPC behind it. */
    private static Router bareRouter(Vertx vertx) {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        router.post("/api/greeting_service/hello").handler(ctx -> {
            JsonArray args = ctx.body().asJsonArray();
            ctx.response().putHeader("Content-Type", "application/json")
                    .end("\"Hello, " + args.getString(0) + "!\"");
        });
        return router;
    }

    private static Result wrk(Path script, int port, String path, int seconds) throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder(List.of("wrk", "-t2", "-c" + CONNECTIONS, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), "http://127.0.0.1:" + port + path)).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed (apt-get install -y wrk):\n" + out);
        }
        if (out.contains("Non-2xx")) {
            throw new IllegalStateException("some responses were errors:\n" + out);
        }
        Matcher rps = RPS.matcher(out);
        Matcher p99 = P99.matcher(out);
        if (!rps.find() || !p99.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + out);
        }
        double p = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> p / 1000;
            case "s" -> p * 1000;
            default -> p;
        };
        return new Result(Double.parseDouble(rps.group(1)), millis);
    }
}
