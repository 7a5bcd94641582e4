package dev.enoki.benchmarks;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Local event-bus RPC: Enoki's {@code greeting_service.hello} against a bare Vert.x request/reply answering the same
 * bytes, in one JVM and one run. Settings: see {@link Comparison.Settings}.
 */
public final class EventBusRpcBenchmark {
    static final Buffer REQUEST = Buffer.buffer("{\"args\":[\"Matt\"],\"kwargs\":{}}");
    static final Buffer REPLY = Buffer.buffer("{\"result\":\"Hello, Matt!\",\"error\":null}");

    @Service("greeting_service")
    public static class GreetingService {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    private EventBusRpcBenchmark() {
    }

    /** The loads' event loop, the loops that take the requests, Enoki's workers, and the rest of the JVM. */
    private static CpuByRole roles(Thread caller, Set<Thread> servers) {
        Set<String> serving = servers.stream().map(Thread::getName).collect(Collectors.toSet());
        return new CpuByRole(List.of("calling-loop", "serving-loop", "workers", "other"),
                name -> name.equals(caller.getName()) ? "calling-loop"
                        : serving.contains(name) ? "serving-loop"
                        : name.startsWith("enoki-greeting_service-") ? "workers" : "other");
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        Vertx vertx = Vertx.vertx();
        // Servers and client each on an event loop of their own, as Enoki's container and client are; the
        // hand-written references share the bare echo's.
        vertx.deployVerticle(ctx -> Future.all(HandWrittenRpc.serve(vertx),
                vertx.eventBus().<Buffer>consumer("bare.greeting").handler(m -> m.reply(REPLY)).completion()))
                .await(10, TimeUnit.SECONDS);
        new ServiceContainer(GreetingService.class, new JsonObject()).start(vertx).await(10, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, new JsonObject()).await(10, TimeUnit.SECONDS);
        ServiceProxy greeting = client.proxy("greeting_service");

        Supplier<Future<?>> bare = () -> vertx.eventBus().request("bare.greeting", REQUEST);
        Supplier<Future<?>> enoki = () -> greeting.callAsync("hello", String.class, "Matt");
        Set<Thread> servers = new HashSet<>(EventLoops.receivers(vertx, "bare.greeting", bare));
        servers.addAll(EventLoops.receivers(vertx, "enoki.rpc.greeting_service", enoki));
        Context loads = EventLoops.clientContext(vertx, servers);
        CpuByRole roles = roles(EventLoops.threadOf(loads), servers);
        Comparison.run("eb-local", ClosedLoop.on(loads, bare).splittingCpu(roles),
                ClosedLoop.on(loads, enoki).splittingCpu(roles), HandWrittenRpc.references(loads, vertx), settings);
        client.close();
        vertx.close().await();
    }
}
