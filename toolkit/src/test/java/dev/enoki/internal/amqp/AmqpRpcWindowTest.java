package dev.enoki.internal.amqp;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * queue, so even a container with no worker queue refuses none of them. What waits there for long goes back to the
 * queue, where another instance can take it.
 */
class AmqpRpcWindowTest {
    private static final String QUEUE = "rpc-window_svc";
    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MOST_RUNNING = new AtomicInteger();
    private static volatile CountDownLatch release;

    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();
    private final Vertx vertx = Vertx.vertx();

    @Service("window_svc")
    public static class Held {
        @Rpc
        public int hold(int id) throws InterruptedException {
            MOST_RUNNING.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
                return id;
            } finally {
                RUNNING.decrementAndGet();
            }
        }
    }

    @BeforeEach
    void holdCalls() {
        release = new CountDownLatch(1);
        RUNNING.set(0);
        MOST_RUNNING.set(0);
    }

    @AfterEach
    void cleanUp() {
        release.countDown();
        await(vertx.close());
        broker.close();
    }

    @Test
    void moreRequestsAreDeliveredThanWorkersRunAndNoneIsRefused() {
        int workers = 2;
        int calls = 8;
        // held for the whole test: none is given back while the test looks
        ServiceContainer service = new ServiceContainer(Held.class,
                config(workers).put("amqp_rpc_hold_limit", "5m"));
        await(service.start(vertx));
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "30s")));

        List<Future<Integer>> replies = call(client, calls);
        await("every request delivered to the service").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> broker.unacknowledged(QUEUE) == calls);
        assertThat(RUNNING.get()).as("workers running while all requests are delivered").isEqualTo(workers);

        release.countDown();
        assertEveryCallAnswered(replies);
        assertThat(MOST_RUNNING.get()).as("most workers running at once").isEqualTo(workers);
        await("every request acknowledged").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.unacknowledged(QUEUE) == 0);
        client.close();
        await(service.stop());
    }

    @Test
    void requestsLeftWaitingByABusyInstanceGoBackToTheQueueForAnotherUntilCallsAreQuickAgain() {
        int calls = 6;
        ServiceContainer busy = new ServiceContainer(Held.class, config(1));   // amqp_rpc_hold_limit: 1s
        await(busy.start(vertx));
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "30s")));

        List<Future<Integer>> replies = call(client, calls);
        await("the busy instance narrowed to max_workers").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> broker.consumerPrefetches(QUEUE).equals(List.of(1)));
        // it keeps the request at work, and its new consumer took one more; the rest are back in the queue
        await("the waiting requests given back").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.ready(QUEUE) == calls - 2);

        ServiceContainer idle = new ServiceContainer(Held.class, config(1));
        await(idle.start(vertx));
        await("a request given back runs on the second instance").atMost(Duration.ofSeconds(20))
                .until(() -> RUNNING.get() == 2);
        await("the second one narrowed too").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.consumerPrefetches(QUEUE).equals(List.of(1, 1)));
        await("the rest wait in the queue").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> broker.ready(QUEUE) == calls - 4);

        release.countDown();
        assertEveryCallAnswered(replies);
        assertThat(MOST_RUNNING.get()).as("most workers running at once, one per instance").isEqualTo(2);
        // quick calls now, the latch open, until both have had enough of them: the first to widen takes the most
        await("both widened again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    await(Future.all(call(client, 50)));   // fails here if any of them failed
                    return broker.consumerPrefetches(QUEUE).equals(List.of(129, 129));
                });
        client.close();
        await(Future.all(busy.stop(), idle.stop()));
    }

    private JsonObject config(int workers) {
        return broker.config().put("max_workers", workers).put("worker_queue_size", 0);
    }

    private static List<Future<Integer>> call(EnokiClient client, int calls) {
        List<Future<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            replies.add(client.proxy("window_svc").callAsync("hold", Integer.class, i));
        }
        return replies;
    }

    private static void assertEveryCallAnswered(List<Future<Integer>> replies) {
        await("every call answered").atMost(Duration.ofSeconds(30))
                .until(() -> replies.stream().allMatch(Future::isComplete));
        for (int i = 0; i < replies.size(); i++) {
            assertThat(replies.get(i).succeeded()).as("call %d: %s", i, replies.get(i).cause()).isTrue();
            assertThat(replies.get(i).result()).isEqualTo(i);
        }
    }
}
