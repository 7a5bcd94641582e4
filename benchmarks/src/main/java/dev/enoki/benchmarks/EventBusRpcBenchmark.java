package dev.enoki.benchmarks;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Local event-bus RPC: Enoki's {@code greeting_service.hello} against a bare Vert.x request/reply answering the same
 * bytes, in one JVM and one run, at 1, 64 and 256 calls in flight. Prints the medians of several windows per level
 * and Enoki's ratio to bare. Windows of the two sides alternate so that both see the same machine.
 *
 * <p>Arguments (all optional): {@code windows=5 seconds=3 warmup=5}.
 */
public final class EventBusRpcBenchmark {
    static final Buffer REQUEST = Buffer.buffer("{\"args\":[\"Matt\"],\"kwargs\":{}}");
    static final Buffer REPLY = Buffer.buffer("{\"result\":\"Hello, Matt!\",\"error\":null}");
    static final int[] LEVELS = {1, 64, 256};

    @Service("greeting_service")
    public static class GreetingService {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        Vertx vertx = Vertx.vertx();
        // Each side on an event loop of its own, as Enoki's container and client are.
        vertx.deployVerticle(ctx -> vertx.eventBus().<Buffer>consumer("bare.greeting").handler(m -> m.reply(REPLY))
                .completion()).await(10, TimeUnit.SECONDS);
        new ServiceContainer(GreetingService.class, new JsonObject()).start(vertx).await(10, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, new JsonObject()).await(10, TimeUnit.SECONDS);
        ServiceProxy greeting = client.proxy("greeting_service");

        ClosedLoop bare = new ClosedLoop(vertx, () -> vertx.eventBus().request("bare.greeting", REQUEST));
        ClosedLoop enoki = new ClosedLoop(vertx, () -> greeting.callAsync("hello", String.class, "Matt"));

        System.out.printf("warming up %d s each%n", settings.warmupSeconds);
        bare.run(64, settings.warmupSeconds * 1000L).await();
        enoki.run(64, settings.warmupSeconds * 1000L).await();

        System.out.printf("%n%-10s %9s | %12s %9s %9s | %12s %9s %9s | %6s%n", "bench", "in flight",
                "bare req/s", "p50 µs", "p99 µs", "enoki req/s", "p50 µs", "p99 µs", "ratio");
        for (int level : LEVELS) {
            List<ClosedLoop.Window> bareWindows = new ArrayList<>();
            List<ClosedLoop.Window> enokiWindows = new ArrayList<>();
            for (int i = 0; i < settings.windows; i++) {   // alternate, so both sides share the machine's moods
                bareWindows.add(window(bare, level, settings));
                enokiWindows.add(window(enoki, level, settings));
            }
            Result b = median(bareWindows);
            Result e = median(enokiWindows);
            System.out.printf("%-10s %9d | %,12.0f %9d %9d | %,12.0f %9d %9d | %6.2f%n", "eb-local", level,
                    b.perSecond, b.p50, b.p99, e.perSecond, e.p50, e.p99, e.perSecond / b.perSecond);
        }
        client.close();
        vertx.close().await();
    }

    static ClosedLoop.Window window(ClosedLoop loop, int inFlight, Settings settings) {
        ClosedLoop.Window w = loop.run(inFlight, settings.seconds * 1000L).await();
        if (w.errors() > 0) {
            throw new IllegalStateException(w.errors() + " calls failed during the benchmark");
        }
        return w;
    }

    /** The window with the median throughput. */
    static Result median(List<ClosedLoop.Window> windows) {
        windows.sort(Comparator.comparingDouble(ClosedLoop.Window::perSecond));
        ClosedLoop.Window median = windows.get(windows.size() / 2);
        return new Result(median.perSecond(), median.p50(), median.p99());
    }

    record Result(double perSecond, long p50, long p99) {
    }

    record Settings(int windows, int seconds, int warmupSeconds) {
        static Settings parse(String[] args) {
            int windows = 5, seconds = 3, warmup = 5;
            for (String arg : args) {
                String[] kv = arg.split("=", 2);
                switch (kv[0]) {
                    case "windows" -> windows = Integer.parseInt(kv[1]);
                    case "seconds" -> seconds = Integer.parseInt(kv[1]);
                    case "warmup" -> warmup = Integer.parseInt(kv[1]);
                    default -> throw new IllegalArgumentException("unknown setting " + arg);
                }
            }
            return new Settings(windows, seconds, warmup);
        }
    }
}
