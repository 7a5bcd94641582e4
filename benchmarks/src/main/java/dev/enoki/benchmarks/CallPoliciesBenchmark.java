package dev.enoki.benchmarks;

import dev.enoki.ServiceContainer;
import dev.enoki.internal.resilience.CallPolicies;
import dev.enoki.rpc.RpcCaller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What a proxy's call policies cost at their defaults (the circuit breaker, retries of refused calls, no bulkhead):
 * the same RPC caller on the local event bus with and without them, calling {@code greeting_service.hello}, in one
 * JVM and one rotation of windows, at 64 in flight. Settings: see {@link Comparison.Settings}.
 */
public final class CallPoliciesBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private CallPoliciesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Comparison.Settings settings = Comparison.Settings.parse(args);
        Vertx vertx = Vertx.vertx();
        ServiceContainer greeting = new ServiceContainer(EventBusRpcBenchmark.GreetingService.class, new JsonObject());
        greeting.start(vertx).await(10, TimeUnit.SECONDS);
        CallPolicies policies = new CallPolicies(greeting);
        RpcCaller without = new RpcCaller(greeting.transport(), Map.of());
        RpcCaller with = without.guardedBy(policies);

        Supplier<Future<?>> plain = () -> without.send("greeting_service", "hello", EventBusRpcBenchmark.REQUEST,
                TIMEOUT);
        Supplier<Future<?>> guarded = () -> with.send("greeting_service", "hello", EventBusRpcBenchmark.REQUEST,
                TIMEOUT);
        Set<Thread> servers = Set.copyOf(EventLoops.receivers(vertx, "enoki.rpc.greeting_service", plain));
        Context loads = EventLoops.clientContext(vertx, servers);
        Comparison.run("policies", new String[]{"without", "with"}, new int[]{64}, ClosedLoop.on(loads, plain),
                ClosedLoop.on(loads, guarded), Map.of(), settings);
        System.out.printf("%nbreakers after the run: %s%n", policies.breakerStates());
        vertx.close().await();
    }
}
