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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Local event-bus RPC to a non-blocking entrypoint (an {@code @Rpc} method returning a {@code Future}, run on the
 * container's event loop) against the bare Vert.x request/reply answering the same bytes, in one JVM and one run;
 * the blocking {@code hello} of {@link EventBusRpcBenchmark} takes its turn in the same rotation as a reference.
 * Settings: see {@link Comparison.Settings}.
 */
public final class NonBlockingRpcBenchmark {

    @Service("greeting_later")
    public static class NonBlockingGreetingService {
        @Rpc
        public Future<String> hello(String name) {
            return Future.succeededFuture("Hello, " + name + "!");
        }
    }

    private NonBlockingRpcBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        Vertx vertx = Vertx.vertx();
        vertx.deployVerticle(ctx -> vertx.eventBus().<Buffer>consumer("bare.greeting")
                        .handler(m -> m.reply(EventBusRpcBenchmark.REPLY)).completion())
                .await(60, TimeUnit.SECONDS);
        new ServiceContainer(NonBlockingGreetingService.class, new JsonObject()).start(vertx)
                .await(60, TimeUnit.SECONDS);
        new ServiceContainer(EventBusRpcBenchmark.GreetingService.class, new JsonObject()).start(vertx)
                .await(60, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, new JsonObject()).await(60, TimeUnit.SECONDS);
        ServiceProxy later = client.proxy("greeting_later");
        ServiceProxy blocking = client.proxy("greeting_service");

        Supplier<Future<?>> bare = () -> vertx.eventBus().request("bare.greeting", EventBusRpcBenchmark.REQUEST);
        Supplier<Future<?>> nonBlocking = () -> later.callAsync("hello", String.class, "Matt");
        Supplier<Future<?>> worker = () -> blocking.callAsync("hello", String.class, "Matt");
        Set<Thread> servers = new HashSet<>(EventLoops.receivers(vertx, "bare.greeting", bare));
        servers.addAll(EventLoops.receivers(vertx, "enoki.rpc.greeting_later", nonBlocking));
        servers.addAll(EventLoops.receivers(vertx, "enoki.rpc.greeting_service", worker));
        Context loads = EventLoops.clientContext(vertx, servers);
        Map<String, ClosedLoop> references = new LinkedHashMap<>();
        references.put("enoki blocking (worker hop)", ClosedLoop.on(loads, worker));
        Comparison.run("eb-nonblk", ClosedLoop.on(loads, bare), ClosedLoop.on(loads, nonBlocking), references,
                settings);
        client.close();
        vertx.close().await();
    }
}
