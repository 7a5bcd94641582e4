package dev.enoki.benchmarks;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Blocking workers that mostly wait: {@code relay.hello} makes a blocking call to a service that answers after
 * 20 ms, with {@code max_workers} 2,000, on platform threads against {@code worker_threads: virtual}, on the local
 * event bus in one JVM, alternating their windows. Needs Java 21 or later. Prints the heap after a full GC before
 * the timed windows and after them, and the most threads the JVM had. Settings: see {@link Comparison.Settings},
 * plus {@code workers=2000 inflight=2000 delay=20}; {@code only=virtual} runs the virtual relay alone, each window
 * printed, so that the heap readings are its own.
 */
public final class VirtualThreadsBenchmark {
    static volatile long delayMillis = 20;

    /** Answers after the delay without holding a thread: the downstream service the relays wait on. */
    @Service("downstream")
    public static class Downstream {
        @Rpc
        public Future<String> hello(String name) {
            return Vertx.currentContext().owner().timer(delayMillis, TimeUnit.MILLISECONDS)
                    .map(t -> "Hello, " + name + "!");
        }
    }

    /** Blocks its worker on the downstream call, as code written in the blocking style does. */
    @Service("relay_virtual")
    public static class VirtualRelay {
        @RpcProxy("downstream")
        ServiceProxy downstream;

        @Rpc
        public String hello(String name) {
            return downstream.call("hello", String.class, name);
        }
    }

    @Service("relay_platform")
    public static class PlatformRelay extends VirtualRelay {
    }

    private VirtualThreadsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (Runtime.version().feature() < 21) {
            System.err.println("VirtualThreadsBenchmark needs Java 21 or later; this is Java "
                    + Runtime.version().feature());
            System.exit(2);
        }
        Comparison.Settings settings = Comparison.Settings.parse(args);
        int workers = Integer.parseInt(settings.extra().getOrDefault("workers", "2000"));
        int inFlight = Integer.parseInt(settings.extra().getOrDefault("inflight", "2000"));
        delayMillis = Long.parseLong(settings.extra().getOrDefault("delay", "20"));
        JsonObject relay = new JsonObject().put("max_workers", workers).put("worker_queue_size", inFlight);
        Vertx vertx = Vertx.vertx();
        new ServiceContainer(Downstream.class, new JsonObject().put("max_workers", 2 * inFlight))
                .start(vertx).await(60, TimeUnit.SECONDS);
        boolean virtualOnly = "virtual".equals(settings.extra().get("only"));
        if (!virtualOnly) {
            new ServiceContainer(PlatformRelay.class, relay).start(vertx).await(60, TimeUnit.SECONDS);
        }
        new ServiceContainer(VirtualRelay.class, relay.copy().put("worker_threads", "virtual")).start(vertx)
                .await(60, TimeUnit.SECONDS);
        EnokiClient client = EnokiClient.connect(vertx, new JsonObject()).await(60, TimeUnit.SECONDS);
        ServiceProxy platform = client.proxy("relay_platform");
        ServiceProxy virtual = client.proxy("relay_virtual");

        Supplier<Future<?>> onPlatform = () -> platform.callAsync("hello", String.class, "Matt");
        Supplier<Future<?>> onVirtual = () -> virtual.callAsync("hello", String.class, "Matt");
        Set<Thread> servers = new HashSet<>(virtualOnly ? Set.of()
                : EventLoops.receivers(vertx, "enoki.rpc.relay_platform", onPlatform));
        servers.addAll(EventLoops.receivers(vertx, "enoki.rpc.relay_virtual", onVirtual));
        Context loads = EventLoops.clientContext(vertx, servers);
        System.out.printf("Java %s; max_workers %d, %d in flight, downstream answers after %d ms%n",
                Runtime.version(), workers, inFlight, delayMillis);
        ClosedLoop platformLoad = ClosedLoop.on(loads, onPlatform);
        ClosedLoop virtualLoad = ClosedLoop.on(loads, onVirtual);
        virtualLoad.run(inFlight, settings.warmupSeconds() * 1000L).await();
        System.out.printf("heap after GC before the windows: %,d KiB%n", heapAfterGcKiB());
        if (virtualOnly) {
            for (int i = 0; i < settings.windows(); i++) {
                ClosedLoop.Window w = virtualLoad.run(inFlight, settings.seconds() * 1000L).await();
                System.out.printf("virtual window %d: %,.0f calls/s, p50 %d µs, p99 %d µs, cpu %.1f µs, %d errors%n",
                        i + 1, w.perSecond(), w.p50(), w.p99(), w.cpuMicrosPerCall(), w.errors());
            }
        } else {
            Comparison.run("relay-20ms", new String[]{"platform", "virtual"}, new int[]{inFlight}, platformLoad,
                    virtualLoad, Map.of(), settings);
        }
        System.out.printf("heap after GC after the windows: %,d KiB; most threads at once: %d%n", heapAfterGcKiB(),
                ManagementFactory.getThreadMXBean().getPeakThreadCount());
        client.close();
        vertx.close().await();
        System.exit(0);
    }

    private static long heapAfterGcKiB() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }
}
