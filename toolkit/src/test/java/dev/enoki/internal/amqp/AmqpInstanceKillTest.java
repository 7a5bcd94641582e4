package dev.enoki.internal.amqp;

import com.rabbitmq.client.Delivery;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One of two instances ends while it holds calls, killed or stopped past its {@code shutdown_timeout}: its
 * unacknowledged requests go back to the queue and every call gets exactly one reply, from the other instance.
 */
class AmqpInstanceKillTest {
    private static final AtomicBoolean HOLD = new AtomicBoolean(true);
    private static final CountDownLatch NEVER = new CountDownLatch(1);
    /** Workers inside the method and held there: a worker counted as started may not have read HOLD yet. */
    private static final AtomicInteger HELD = new AtomicInteger();

    private static RabbitTestBroker broker;
    private static Vertx vertx;

    @Service("kill_svc")
    public static class Stuck {
        @Rpc
        public int work(int n) throws InterruptedException {
            if (HOLD.get()) {
                HELD.incrementAndGet();
                NEVER.await();   // only the end of the instance ends it
            }
            return n * 10;
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        NEVER.countDown();
        await(vertx.close());
        broker.close();
    }

    @Test
    void killedInstancesCallsAreAnsweredOnceByTheOtherInstance() throws Exception {
        callsHeldByAnEndingInstanceAreAnsweredOnceByTheOther("30s", ServiceContainer::kill);
    }

    @Test
    void callsStillRunningAtTheShutdownTimeoutGoBackToTheQueueAndTheOtherInstanceAnswersThem() throws Exception {
        // A's workers never finish by themselves: its graceful stop ends only because the timeout kills them.
        callsHeldByAnEndingInstanceAreAnsweredOnceByTheOther("500ms", ServiceContainer::stop);
    }

    private static void callsHeldByAnEndingInstanceAreAnsweredOnceByTheOther(
            String shutdownTimeout, Function<ServiceContainer, Future<Void>> end) throws Exception {
        HOLD.set(true);
        HELD.set(0);
        Set<String> startedOnA = ConcurrentHashMap.newKeySet();
        Set<String> startedOnB = ConcurrentHashMap.newKeySet();
        ServiceContainer a = container(startedOnA, shutdownTimeout);
        await(a.start(vertx));
        RawRpcClient raw = new RawRpcClient(broker.raw());
        List<CompletableFuture<Delivery>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(raw.send("kill_svc.work", raw.namekoProperties(Map.of()).build(),
                    ("{\"args\": [" + i + "], \"kwargs\": {}}").getBytes()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> startedOnA.size() == 4 && HELD.get() == 4);
        ServiceContainer b = container(startedOnB, "30s");
        await(b.start(vertx));

        HOLD.set(false);
        await(end.apply(a));

        List<String> bodies = new ArrayList<>();
        for (CompletableFuture<Delivery> reply : replies) {
            bodies.add(RawRpcClient.bodyOf(reply.get(20, TimeUnit.SECONDS)));
        }
        assertThat(bodies).containsExactly("{\"result\":0,\"error\":null}", "{\"result\":10,\"error\":null}",
                "{\"result\":20,\"error\":null}", "{\"result\":30,\"error\":null}");
        assertThat(startedOnB).hasSize(4);
        // A last call goes through the same queues after any stray reply would have; each id came back once.
        assertThat(RawRpcClient.bodyOf(raw.call("kill_svc.work", "{\"args\": [5], \"kwargs\": {}}")))
                .isEqualTo("{\"result\":50,\"error\":null}");
        List<String> ids = raw.received().stream().map(d -> d.getProperties().getCorrelationId()).toList();
        assertThat(ids).hasSize(5).doesNotHaveDuplicates();
        assertThat(a.isRunning()).isFalse();
        await(b.stop());
    }

    private static ServiceContainer container(Set<String> started, String shutdownTimeout) {
        ServiceContainer container = new ServiceContainer(Stuck.class,
                broker.config().put("shutdown_timeout", shutdownTimeout));
        container.addWorkerListener(new WorkerListener() {
            @Override
            public void workerStarted(WorkerContext worker) {
                started.add(worker.callId());
            }
        });
        return container;
    }
}
