package dev.enoki;

import dev.enoki.internal.rpc.RpcEntrypoint;
import dev.enoki.internal.rpc.RpcProxyProvider;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ServiceContainerTest {
    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    /** Nameko's service_container example: one service with an RPC method and a proxy. */
    @Service("service_x")
    public static class ServiceX {
        @RpcProxy("service_y")
        ServiceProxy y;

        @Rpc
        public String remoteMethod(String value) {
            return value + "-x-" + y.call("appendIdentifier", String.class, value);
        }
    }

    @Service("service_y")
    public static class ServiceY {
        @Rpc
        public String appendIdentifier(String value) {
            return value + "-y";
        }
    }

    @Test
    void containerListsItsExtensionsAndServesUntilStopped() {
        ServiceContainer x = factory.create(ServiceX.class);
        assertThat(x.extensions()).extracting(e -> (Object) e.getClass())
                .containsExactlyInAnyOrder(RpcProxyProvider.class, RpcEntrypoint.class);
        factory.start(ServiceY.class);
        factory.start(x);
        // plus the RPC server its entrypoint shares and the call policies its proxies share
        assertThat(x.extensions()).extracting(e -> e.getClass().getSimpleName()).containsExactlyInAnyOrder(
                "RpcProxyProvider", "RpcEntrypoint", "RpcServer", "CallPolicies");

        ServiceProxy proxy = factory.client().proxy("service_x");
        assertThat(proxy.call("remoteMethod", String.class, "value")).isEqualTo("value-x-value-y");

        Futures.await(x.stop(), Duration.ofSeconds(10));
        assertThat(x.isRunning()).isFalse();
        assertThatThrownBy(() -> proxy.call("remoteMethod", "value")).isInstanceOf(UnknownService.class);
    }

    /** Records what each worker's dependency sees, in order. */
    public static final class RecordingProvider extends AbstractDependencyProvider<Recorded, Object> {
        static final List<String> events = Collections.synchronizedList(new ArrayList<>());
        static final Set<Object> instances = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

        public RecordingProvider() {
            super(Recorded.class);
        }

        @Override
        public Object get(WorkerContext worker) {
            events.add(worker.service() == null ? "inject-before-instantiate" : "instantiate");
            instances.add(worker.service());
            events.add("inject");
            return "injected";
        }

        @Override
        public void workerResult(WorkerContext worker, Object result, Throwable error) {
            events.add("workerResult:" + result);
        }

        @Override
        public void workerTeardown(WorkerContext worker) {
            events.add("teardown");
        }
    }

    @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
    @java.lang.annotation.Target(java.lang.annotation.ElementType.FIELD)
    @DependencyAnnotation(RecordingProvider.class)
    public @interface Recorded {
    }

    @Service("recorded")
    public static class RecordedService {
        @Recorded
        Object dependency;

        @Rpc
        public String work() {
            RecordingProvider.events.add("method:" + dependency);
            return "done";
        }
    }

    @Test
    void workerLifecycleRunsInOrderWithAFreshInstanceEachTime() {
        RecordingProvider.events.clear();
        RecordingProvider.instances.clear();
        factory.start(RecordedService.class);
        ServiceProxy proxy = factory.client().proxy("recorded");

        proxy.call("work");
        assertThat(RecordingProvider.events)
                .containsExactly("instantiate", "inject", "method:injected", "workerResult:done", "teardown");
        proxy.call("work");
        proxy.call("work");
        assertThat(RecordingProvider.instances).hasSize(3);
    }

    @Service("slow")
    public static class SlowService {
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger maxRunning = new AtomicInteger();
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Rpc
        public int slow(int id) throws InterruptedException {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(20, TimeUnit.SECONDS);
                return id;
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void neverRunsMoreThanMaxWorkersAndCompletesEveryCall() {
        SlowService.running.set(0);
        SlowService.maxRunning.set(0);
        SlowService.release = new CountDownLatch(1);
        factory.start(factory.create(SlowService.class, new JsonObject().put("max_workers", 3)));
        ServiceProxy proxy = factory.client().proxy("slow");

        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(proxy.callAsync("slow", Integer.class, i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SlowService.running.get() == 3);
        SlowService.release.countDown();

        List<Integer> results = new ArrayList<>();
        calls.forEach(c -> results.add(Futures.await(c)));
        assertThat(results).hasSize(20).doesNotHaveDuplicates();
        assertThat(SlowService.maxRunning.get()).isEqualTo(3);
    }

    @Test
    void gracefulStopLetsRunningCallsReply() {
        SlowService.running.set(0);
        SlowService.release = new CountDownLatch(1);
        ServiceContainer container = factory.start(SlowService.class);
        ServiceProxy proxy = factory.client().proxy("slow");
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(proxy.callAsync("slow", Integer.class, i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SlowService.running.get() == 5);

        Future<Void> stopped = container.stop();
        assertThat(stopped.isComplete()).isFalse();
        SlowService.release.countDown();

        Futures.await(stopped, Duration.ofSeconds(20));
        List<Integer> results = new ArrayList<>();
        calls.forEach(c -> results.add(Futures.await(c)));
        assertThat(results).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void aGracefulStopThatOutlastsTheShutdownTimeoutKillsTheCallsStillRunning() {
        SlowService.running.set(0);
        SlowService.release = new CountDownLatch(1);
        ServiceContainer container = factory.start(factory.create(SlowService.class,
                new JsonObject().put("shutdown_timeout", "300ms")));
        ServiceProxy proxy = factory.client().proxy("slow");
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(proxy.callAsync("slow", Integer.class, i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SlowService.running.get() == 3);

        // The workers never finish by themselves: only the shutdown timeout can end this stop.
        Futures.await(container.stop(), Duration.ofSeconds(10));
        calls.forEach(c -> assertThatThrownBy(() -> Futures.await(c, Duration.ofSeconds(5)))
                .isInstanceOf(ContainerBeingKilled.class));
        await().atMost(Duration.ofSeconds(5)).until(() -> SlowService.running.get() == 0);
        assertThat(container.isRunning()).isFalse();
        SlowService.release.countDown();
    }

    @Test
    void theShutdownTimeoutIsThirtySecondsUnlessConfiguredAndMustBePositive() {
        assertThat(factory.create(SlowService.class).shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(factory.create(SlowService.class, new JsonObject().put("shutdown_timeout", "2m")).shutdownTimeout())
                .isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> factory.create(SlowService.class, new JsonObject().put("shutdown_timeout", 0)))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("shutdown_timeout");
    }

    @Test
    void killReturnsPromptlyAndFailsTheCallsItAbandons() {
        SlowService.running.set(0);
        SlowService.release = new CountDownLatch(1);
        ServiceContainer container = factory.start(SlowService.class);
        ServiceProxy proxy = factory.client().proxy("slow");
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(proxy.callAsync("slow", Integer.class, i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> SlowService.running.get() == 3);

        // The workers stay blocked: a kill that waited for them would never return.
        Futures.await(container.kill(), Duration.ofSeconds(5));
        calls.forEach(c -> assertThatThrownBy(() -> Futures.await(c, Duration.ofSeconds(5)))
                .isInstanceOf(ContainerBeingKilled.class));
        SlowService.release.countDown();
    }

    @Service("mixed")
    public static class MixedService {
        static volatile CountDownLatch release = new CountDownLatch(0);

        @Rpc
        public String sleep() throws InterruptedException {
            release.await(20, TimeUnit.SECONDS);
            return "woke";
        }

        @Rpc
        public String ping() {
            return "pong";
        }
    }

    @Test
    void aSleepingWorkerDoesNotHoldUpOtherCalls() {
        MixedService.release = new CountDownLatch(1);
        factory.start(MixedService.class);
        ServiceProxy proxy = factory.client().proxy("mixed");
        Future<String> sleeping = proxy.callAsync("sleep", String.class);

        for (int i = 0; i < 50; i++) {
            assertThat(proxy.call("ping", String.class)).isEqualTo("pong");
        }
        assertThat(sleeping.isComplete()).isFalse();
        MixedService.release.countDown();
        assertThat(Futures.await(sleeping)).isEqualTo("woke");
    }

    @Test
    void aClassWithoutServiceAnnotationIsRefused() {
        assertThatThrownBy(() -> new ServiceContainer(String.class))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("@Service");
    }

    @Test
    void dependencyFieldsAreKnownBeforeStart() throws NoSuchFieldException {
        ServiceContainer x = factory.create(ServiceX.class);
        Field y = ServiceX.class.getDeclaredField("y");
        assertThat(x.dependencies()).extracting(DependencyProvider::field).containsExactly(y);
    }
}
