package dev.enoki.internal.container;

import dev.enoki.Blocking;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.ServiceBusy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerPoolTest {
    private Vertx vertx;
    private Context context;
    private WorkerPool pool;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        pool = new WorkerPool(vertx, context, "pool_test", 2, 3);
    }

    @AfterEach
    void stop() {
        Blocking.await(pool.close());
        Blocking.await(vertx.close());
    }

    @Test
    void aTaskSubmittedFromOutsideVertxRunsInThePoolsContext() {
        Context seen = Blocking.await(pool.submit(Vertx::currentContext));

        assertThat(((ContextInternal) seen).unwrap()).isSameAs(((ContextInternal) context).unwrap());
    }

    @Test
    void runsAtMostSizeTasksAtOnceAndRefusesBeyondTheQueueAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Future<Integer>> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            admitted.add(pool.submit(() -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return 1;
            }));
        }

        Future<Integer> refused = pool.submit(() -> 1);

        assertThat(refused.failed()).isTrue();
        assertThat(refused.cause()).isInstanceOf(ServiceBusy.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> running.get() == 2);
        assertThat(pool.admitted()).isEqualTo(5);
        release.countDown();
        for (Future<Integer> f : admitted) {
            assertThat(Blocking.await(f)).isEqualTo(1);
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.admitted() == 0);
    }

    @Test
    void tasksHandedOverByFinishingOnesAllRunInThePoolsContextAtMostSizeAtOnce() throws Exception {
        int total = 400;
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Context> contexts = new CopyOnWriteArrayList<>();
        CountDownLatch allEnded = new CountDownLatch(total);
        Callable<Void> task = () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            contexts.add(Vertx.currentContext());
            Thread.sleep(1);
            running.decrementAndGet();
            return null;
        };
        // Each task's listener hands over the next one while the task still holds its slot, as the RabbitMQ
        // transport does with its next request; more chains than slots keep the pool full, so a worker that frees
        // its slot finds a task waiting for it
        Runnable[] handOver = new Runnable[1];
        handOver[0] = () -> {
            if (submitted.incrementAndGet() <= total) {
                pool.submit(task).onComplete(ended -> {
                    allEnded.countDown();
                    handOver[0].run();
                });
            }
        };
        for (int chain = 0; chain < 4; chain++) {
            handOver[0].run();
        }

        assertThat(allEnded.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mostAtOnce.get()).isEqualTo(2);
        Context pools = ((ContextInternal) context).unwrap();
        assertThat(contexts).hasSize(total).allSatisfy(c -> assertThat(((ContextInternal) c).unwrap()).isSameAs(pools));
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.admitted() == 0);
    }

    @Test
    void drainEndsWhenTheLastTaskEndsAndNotBefore() throws Exception {
        assertThat(Blocking.await(pool.drained().map("idle"))).isEqualTo("idle");
        for (int round = 0; round < 200; round++) {
            CountDownLatch release = new CountDownLatch(1);
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(pool.submit(() -> {
                    release.await();
                    return 1;
                }));
            }
            Future<Void> drained = pool.drained();
            // Released while the drain is being asked for, so the last task and the waiter race each other.
            release.countDown();
            Blocking.await(drained);
            for (Future<Integer> f : admitted) {
                assertThat(f.succeeded()).as("round %d: drained before its tasks ended", round).isTrue();
            }
        }
    }

    @Test
    void killFailsWhatRunsAndWaitsRefusesWhatComesAndLetsTheDrainEnd() throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        List<Future<Void>> admitted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            admitted.add(pool.submit(() -> {
                started.countDown();
                Thread.sleep(60_000);
                return null;
            }));
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Future<Void> drained = pool.drained();

        pool.kill("test kill");

        for (Future<Void> f : admitted) {
            await().atMost(Duration.ofSeconds(10)).until(f::failed);
            assertThat(f.cause()).isInstanceOf(ContainerBeingKilled.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(drained::succeeded);
        assertThat(pool.submit(() -> 1).cause()).isInstanceOf(ContainerBeingKilled.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> pool.admitted() == 0);
    }
}
