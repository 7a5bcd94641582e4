package dev.enoki.internal.events;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventsTest {
    private final ContainerFactory factory = new ContainerFactory();
    /** Handled events per container and method. */
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    private List<ServiceContainer> listeners;

    public static class Listener {
        @EventHandler(source = "shop", event = "pooled")
        public void pooled(String payload) {
        }

        @EventHandler(source = "shop", event = "single", type = HandlerType.SINGLETON)
        public void single(String payload) {
        }

        @EventHandler(source = "shop", event = "broad", type = HandlerType.BROADCAST, reliableDelivery = false)
        public void broad(String payload) {
        }
    }

    @Service("listener_a")
    public static class ListenerA extends Listener {
    }

    @Service("listener_b")
    public static class ListenerB extends Listener {
    }

    @Service("shop")
    public static class Shop {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public void sell(String what) {
            dispatch.dispatch("pooled", what);
        }
    }

    @BeforeEach
    void startTwoInstancesOfTwoServices() {
        listeners = List.of(counted(ListenerA.class, "a1"), counted(ListenerA.class, "a2"),
                counted(ListenerB.class, "b1"), counted(ListenerB.class, "b2"));
    }

    private ServiceContainer counted(Class<?> service, String name) {
        ServiceContainer container = factory.create(service);
        container.addWorkerListener(new WorkerListener() {
            @Override
            public void workerFinished(WorkerContext worker, Object result, Throwable error) {
                handled.computeIfAbsent(name + "." + worker.methodName(), k -> new AtomicInteger()).incrementAndGet();
            }
        });
        return factory.start(container);
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void servicePoolEventReachesOneInstanceOfEachService() {
        factory.client().dispatch("shop", "pooled", "tea");
        await().atMost(Duration.ofSeconds(5)).until(() -> total("pooled") == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> total("pooled") == 2);
        assertThat(count("a1.pooled") + count("a2.pooled")).isEqualTo(1);
        assertThat(count("b1.pooled") + count("b2.pooled")).isEqualTo(1);
    }

    @Test
    void singletonEventReachesOneInstanceInTotal() {
        factory.client().dispatch("shop", "single", "tea");
        await().atMost(Duration.ofSeconds(5)).until(() -> total("single") == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> total("single") == 1);
    }

    @Test
    void broadcastEventReachesEveryInstance() {
        factory.client().dispatch("shop", "broad", "tea");
        await().atMost(Duration.ofSeconds(5)).until(() -> total("broad") == 4);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> total("broad") == 4);
        assertThat(List.of("a1", "a2", "b1", "b2")).allSatisfy(n -> assertThat(count(n + ".broad")).isEqualTo(1));
    }

    @Test
    void eventsDispatchedFromAServiceCarryItsNameAsSource() {
        factory.start(Shop.class);
        factory.client().proxy("shop").call("sell", "cake");
        await().atMost(Duration.ofSeconds(5)).until(() -> total("pooled") == 2);
    }

    @Test
    void aStoppedInstanceNoLongerTakesEvents() {
        dev.enoki.testing.Futures.await(listeners.get(0).stop());
        for (int i = 0; i < 10; i++) {
            factory.client().dispatch("shop", "broad", i);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> total("broad") == 30);
        assertThat(count("a1.broad")).isZero();
    }

    private int count(String key) {
        AtomicInteger n = handled.get(key);
        return n == null ? 0 : n.get();
    }

    private int total(String method) {
        return handled.entrySet().stream().filter(e -> e.getKey().endsWith("." + method))
                .mapToInt(e -> e.getValue().get()).sum();
    }
}
