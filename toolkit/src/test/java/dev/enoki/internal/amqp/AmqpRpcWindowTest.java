package dev.enoki.internal.amqp;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RPC queue's prefetch is larger than {@code max_workers}, for replies waiting for their confirm, while the
 * workers still get at most {@code max_workers} requests at once: the rest wait in the service, not in the workers'
 * queue, so even a container with no worker queue refuses none of them.
 */
class AmqpRpcWindowTest {
    private static final int WORKERS = 2;
    private static final int CALLS = 8;
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MOST_RUNNING = new AtomicInteger();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();
    private final Vertx vertx = Vertx.vertx();

    @Service("window_svc")
    public static class Held {
        @Rpc
        public int hold(int id) throws InterruptedException {
            MOST_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                RELEASE.await(30, TimeUnit.SECONDS);
                return id;
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @AfterEach
    void cleanUp() {
        RELEASE.countDown();
        await(vertx.close());
        broker.close();
    }

    @Test
    void moreRequestsAreDeliveredThanWorkersRunAndNoneIsRefused() {
        ServiceContainer service = new ServiceContainer(Held.class,
                broker.config().put("max_workers", WORKERS).put("worker_queue_size", 0));
        await(service.start(vertx));
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "30s")));

        List<Future<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            replies.add(client.proxy("window_svc").callAsync("hold", Integer.class, i));
        }
        await("every request delivered to the service").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> broker.unacknowledged("rpc-window_svc") == CALLS);
        assertThat(RUNNING.get()).as("workers running while all requests are delivered").isEqualTo(WORKERS);

        RELEASE.countDown();
        await("every call answered").atMost(Duration.ofSeconds(20))
                .until(() -> replies.stream().allMatch(Future::isComplete));
        for (int i = 0; i < CALLS; i++) {
            assertThat(replies.get(i).succeeded()).as("call %d: %s", i, replies.get(i).cause()).isTrue();
            assertThat(replies.get(i).result()).isEqualTo(i);
        }
        assertThat(MOST_RUNNING.get()).as("most workers running at once").isEqualTo(WORKERS);
        await("every request acknowledged").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.unacknowledged("rpc-window_svc") == 0);
        client.close();
        await(service.stop());
    }
}
