package dev.enoki.internal.metrics;

import dev.enoki.Dispatcher;
import dev.enoki.EnokiClient;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.UnknownService;
import dev.enoki.testing.ContainerFactory;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallMetricsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ContainerFactory factory = new ContainerFactory(new JsonObject());

    CallMetricsTest() {
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void close() {
        factory.close();
        Metrics.removeRegistry(meters);
    }

    @Service("metered_calc")
    public static class Calc {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public int add(int a, int b) {
            return a + b;
        }

        @Rpc
        public int divide(int a, int b) {
            return a / b;
        }

        @Rpc
        public void announce(String what) {
            dispatch.dispatch("announced", what);
        }
    }

    @Service("metered_listener")
    public static class Listener {
        @EventHandler(source = "metered_calc", event = "announced")
        public void heard(String what) {
        }
    }

    @Test
    void everyCallIsCountedOnBothSidesPerMethodWithItsErrorType() {
        factory.start(Calc.class);
        EnokiClient client = factory.client();
        for (int i = 0; i < 3; i++) {
            assertThat(client.proxy("metered_calc").call("add", Integer.class, 1, 2)).isEqualTo(3);
        }
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.proxy("metered_calc").call("divide", Integer.class, 1, 0))
                    .isInstanceOf(RemoteError.class);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(serverCalls("add", "none")).isEqualTo(3);
            assertThat(serverCalls("divide", "ArithmeticException")).isEqualTo(2);
            assertThat(meters.get("rpc.client.call.duration").tags("rpc.service", "metered_calc", "rpc.method", "add",
                    "error.type", "none").timer().count()).isEqualTo(3);
        });
        // a registry added to the global one gets every meter made before, at zero: name the service too
        assertThat(meters.get("rpc.server.call.duration").tags("rpc.service", "metered_calc", "rpc.method", "add").timer()
                .totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    /** Non-blocking methods on one event loop whose futures the test completes, each on the loop. */
    @Service("metered_later")
    public static class Later {
        static final Map<String, Promise<String>> PENDING = new ConcurrentHashMap<>();
        static final Map<String, Context> LOOPS = new ConcurrentHashMap<>();
        static final Map<String, Thread> THREADS = new ConcurrentHashMap<>();

        @Rpc
        public Future<String> slow() {
            return pending("slow");
        }

        @Rpc
        public Future<String> quick() {
            return pending("quick");
        }

        private static Future<String> pending(String name) {
            Promise<String> promise = Promise.promise();
            PENDING.put(name, promise);
            LOOPS.put(name, Vertx.currentContext());
            THREADS.put(name, Thread.currentThread());
            return promise.future();
        }

        static void complete(String name) {
            LOOPS.get(name).runOnContext(v -> PENDING.get(name).complete(name));
        }
    }

    @Test
    void aWorkerThatReturnsAFutureIsTimedFromItsOwnStartWhileOthersStartAndFinishOnItsThread() throws Exception {
        factory.start(Later.class);
        EnokiClient client = factory.client();

        Future<String> slow = client.proxy("metered_later").callAsync("slow", String.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> Later.PENDING.containsKey("slow"));
        Thread.sleep(200);   // the slow worker is at least this old when it finishes
        Future<String> quick = client.proxy("metered_later").callAsync("quick", String.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> Later.PENDING.containsKey("quick"));
        Later.complete("slow");   // the first to start finishes first, after the second started
        assertThat(slow.await(10, TimeUnit.SECONDS)).isEqualTo("slow");
        Later.complete("quick");
        assertThat(quick.await(10, TimeUnit.SECONDS)).isEqualTo("quick");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(laterCalls("quick").count()).isOne());
        assertThat(Later.THREADS.get("slow")).isSameAs(Later.THREADS.get("quick"));
        assertThat(laterCalls("slow").max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void aCallToAServiceNobodyRunsCountsItsFailureOnTheClientSide() {
        EnokiClient client = factory.client();

        assertThatThrownBy(() -> client.proxy("metered_nobody").call("anything", Integer.class))
                .isInstanceOf(UnknownService.class);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meters.get("rpc.client.call.duration")
                .tags("rpc.service", "metered_nobody", "error.type", "UnknownService").timer().count()).isEqualTo(1));
    }

    @Test
    void eventsAreCountedWhenDispatchedAndWhenHandled() {
        factory.start(Calc.class);
        factory.start(Listener.class);
        EnokiClient client = factory.client();

        client.proxy("metered_calc").call("announce", Void.class, "hello");
        client.proxy("metered_calc").call("announce", Void.class, "again");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get("enoki.events.dispatched").tags("source", "metered_calc", "event", "announced",
                    "error.type", "none").counter().count()).isEqualTo(2);
            assertThat(meters.get("enoki.events.handled").tags("service", "metered_listener", "method", "heard",
                    "error.type", "none").counter().count()).isEqualTo(2);
        });
    }

    private Timer laterCalls(String method) {
        return meters.get("rpc.server.call.duration").tags("rpc.service", "metered_later", "rpc.method", method,
                "error.type", "none").timer();
    }

    private long serverCalls(String method, String errorType) {
        return meters.get("rpc.server.call.duration").tags("rpc.system", "nameko", "rpc.service", "metered_calc",
                "rpc.method", method, "error.type", errorType).timer().count();
    }
}
