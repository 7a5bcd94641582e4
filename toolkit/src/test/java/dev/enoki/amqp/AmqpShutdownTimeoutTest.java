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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.enoki.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop whose calls outlast {@code shutdown_timeout}: the container kills them without acknowledging their
 * requests, so RabbitMQ hands them to the other instance, which answers each one once.
 */
class AmqpShutdownTimeoutTest {
    private static final AtomicBoolean HOLD = new AtomicBoolean(true);
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private static RabbitTestBroker broker;
    private static Vertx vertx;

    @Service("grace_svc")
    public static class Stuck {
        @Rpc
        public int work(int n) throws InterruptedException {
            if (HOLD.get()) {
                NEVER.await();   // only a kill ends it
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
    void callsStillRunningAtTheShutdownTimeoutGoBackToTheQueueAndTheOtherInstanceAnswersThem() throws Exception {
        Set<String> startedOnA = ConcurrentHashMap.newKeySet();
        Set<String> startedOnB = ConcurrentHashMap.newKeySet();
        ServiceContainer a = container(startedOnA, "500ms");
        await(a.start(vertx));
        RawRpcClient raw = new RawRpcClient(broker.raw());
        List<CompletableFuture<Delivery>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            replies.add(raw.send("grace_svc.work", raw.namekoProperties(Map.of()).build(),
                    ("{\"args\": [" + i + "], \"kwargs\": {}}").getBytes()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> startedOnA.size() == 4);
        ServiceContainer b = container(startedOnB, "30s");
        await(b.start(vertx));
        HOLD.set(false);

        // A's four workers never finish by themselves; the stop ends only because its timeout kills them.
        await(a.stop());

        List<String> bodies = new ArrayList<>();
        for (CompletableFuture<Delivery> reply : replies) {
            bodies.add(RawRpcClient.bodyOf(reply.get(20, TimeUnit.SECONDS)));
        }
        assertThat(bodies).containsExactly("{\"result\":0,\"error\":null}", "{\"result\":10,\"error\":null}",
                "{\"result\":20,\"error\":null}", "{\"result\":30,\"error\":null}");
        assertThat(startedOnB).hasSize(4);
        assertThat(RawRpcClient.bodyOf(raw.call("grace_svc.work", "{\"args\": [5], \"kwargs\": {}}")))
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
