package dev.enoki.amqp;

import com.rabbitmq.client.Delivery;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static dev.enoki.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Killing (not stopping) one of two instances while it holds calls: its unacknowledged requests go back to the
 * queue and every call gets exactly one reply, from the other instance.
 */
class AmqpInstanceKillTest {
    private static final AtomicBoolean HOLD = new AtomicBoolean(true);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static RabbitTestBroker broker;
    private static Vertx vertx;

    @Service("kill_svc")
    public static class Slow {
        @Rpc
        public int work(int n) throws InterruptedException {
            if (HOLD.get()) {
                RELEASE.await();
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
        RELEASE.countDown();
        await(vertx.close());
        broker.close();
    }

    @Test
    void killedInstancesCallsAreAnsweredOnceByTheOtherInstance() throws Exception {
        Set<String> startedOnA = ConcurrentHashMap.newKeySet();
        Set<String> startedOnB = ConcurrentHashMap.newKeySet();
        ServiceContainer a = container(startedOnA);
        await(a.start(vertx));
        RawRpcClient raw = new RawRpcClient(broker.raw());
        List<CompletableFuture<Delivery>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(raw.send("kill_svc.work", raw.namekoProperties(java.util.Map.of()).build(),
                    ("{\"args\": [" + i + "], \"kwargs\": {}}").getBytes()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> startedOnA.size() == 4);
        ServiceContainer b = container(startedOnB);
        await(b.start(vertx));

        HOLD.set(false);
        await(a.kill());

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

    private static ServiceContainer container(Set<String> started) {
        ServiceContainer container = new ServiceContainer(Slow.class, broker.config());
        container.addWorkerListener(new WorkerListener() {
            @Override
            public void workerStarted(WorkerContext worker) {
                started.add(worker.callId());
            }
        });
        return container;
    }
}
