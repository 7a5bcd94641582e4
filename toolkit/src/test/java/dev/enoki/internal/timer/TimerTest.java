package dev.enoki.internal.timer;

import dev.enoki.Config;
import dev.enoki.ConfigurationError;
import dev.enoki.Service;
import dev.enoki.Timer;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class TimerTest {
    private final ContainerFactory factory = new ContainerFactory();

    @AfterEach
    void close() {
        factory.close();
    }

    @Service("ticker")
    public static class Ticker {
        static final List<Long> ticks = new CopyOnWriteArrayList<>();

        @Timer(every = "100ms")
        public void tick() {
            ticks.add(System.nanoTime());
        }
    }

    @Service("eager_ticker")
    public static class EagerTicker {
        static final List<Long> ticks = new CopyOnWriteArrayList<>();

        @Timer(every = "1h", eager = true)
        public void tick() {
            ticks.add(System.nanoTime());
        }
    }

    @Service("slow_ticker")
    public static class SlowTicker {
        static final AtomicInteger running = new AtomicInteger();
        static final AtomicInteger maxRunning = new AtomicInteger();
        static final AtomicInteger ticks = new AtomicInteger();

        @Timer(every = "50ms")
        public void tick() throws InterruptedException {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(120);
            ticks.incrementAndGet();
            running.decrementAndGet();
        }
    }

    @Test
    void timerFiresRepeatedly() {
        Ticker.ticks.clear();
        factory.start(Ticker.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> Ticker.ticks.size() >= 4);
    }

    @Test
    void eagerTimerFiresAtStartInsteadOfAfterOneInterval() {
        EagerTicker.ticks.clear();
        factory.start(EagerTicker.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> EagerTicker.ticks.size() == 1);
    }

    @Test
    void aSlowTickNeverOverlapsTheNext() {
        factory.start(SlowTicker.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> SlowTicker.ticks.get() >= 4);
        assertThat(SlowTicker.maxRunning.get()).isEqualTo(1);
    }

    @Test
    void stoppedTimerFiresNoMore() {
        Ticker.ticks.clear();
        var container = factory.start(Ticker.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> Ticker.ticks.size() >= 2);
        dev.enoki.testing.Futures.await(container.stop());
        int seen = Ticker.ticks.size();
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> Ticker.ticks.size() == seen);
    }

    @Service("singleton_ticker")
    public static class SingletonTicker {
        static final List<String> ticks = new CopyOnWriteArrayList<>();

        @Config("who")
        String who;

        @Timer(every = "100ms", singleton = true)
        public void tick() {
            ticks.add(who);
        }
    }

    @Service("eager_singleton")
    public static class EagerSingleton {
        @Timer(every = "1s", singleton = true, eager = true)
        public void tick() {
        }
    }

    @Test
    void aSingletonTimerFiresOnOneInstanceOfTheServiceAtATime() {
        SingletonTicker.ticks.clear();
        factory.start(factory.create(SingletonTicker.class, new JsonObject().put("who", "a")));
        factory.start(factory.create(SingletonTicker.class, new JsonObject().put("who", "b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> SingletonTicker.ticks.size() >= 6);
        assertThat(SingletonTicker.ticks).containsOnly("a");
    }

    @Test
    void whenTheHoldingInstanceStopsAnotherTakesTheSingletonTimerOver() {
        SingletonTicker.ticks.clear();
        ServiceContainer a = factory.start(factory.create(SingletonTicker.class, new JsonObject().put("who", "a")));
        factory.start(factory.create(SingletonTicker.class, new JsonObject().put("who", "b")));
        await().atMost(Duration.ofSeconds(5)).until(() -> SingletonTicker.ticks.contains("a"));
        dev.enoki.testing.Futures.await(a.stop());
        int before = SingletonTicker.ticks.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> SingletonTicker.ticks.size() >= before + 3);
        assertThat(SingletonTicker.ticks.subList(before, SingletonTicker.ticks.size())).containsOnly("b");
    }

    @Test
    void aSingletonTimerCannotBeEagerForItsScheduleIsShared() {
        assertThatThrownBy(() -> factory.start(EagerSingleton.class)).hasStackTraceContaining("cannot be eager")
                .satisfies(e -> assertThat(rootOf(e)).isInstanceOf(ConfigurationError.class));
    }

    private static Throwable rootOf(Throwable e) {
        return e.getCause() == null ? e : rootOf(e.getCause());
    }
}
