package dev.enoki.internal.amqp;

import dev.enoki.EnokiOptions;
import dev.enoki.lease.Lease;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.enoki.testsupport.RabbitVhost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases on the real RabbitMQ, each instance on a connection of its own as separate nodes would be: the broker's
 * single active consumer picks the holder; the lease passes on when the holder's connection dies or it releases
 * the lease, survives the holder's token turnover, and is never held by two at once (sampled all along).
 */
class AmqpLeaseTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static RabbitTestBroker broker;

    /** A lease of its own for each test, in the one vhost of the class. */
    private final String name = "ticker.tick" + TESTS.incrementAndGet();
    private final Vertx vertx = Vertx.vertx();
    private final List<AmqpLeases> instances = new ArrayList<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final AtomicInteger twoHolders = new AtomicInteger();

    @BeforeAll
    static void vhost() {
        broker = RabbitTestBroker.freshVhost();
    }

    @AfterAll
    static void closeVhost() {
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void close() {
        sampling.set(false);
        instances.forEach(AmqpLeases::kill);
        vertx.close().await();
    }

    private AmqpLeases instance() {
        JsonObject config = broker.config();
        AmqpLeases leases = new AmqpLeases(vertx, AmqpSettings.from(config, EnokiOptions.fromJson(config)), "ticker");
        leases.setup().await();
        instances.add(leases);
        return leases;
    }

    /**
     * Counts the moments two leases are held at once. One pass reads the leases one after another, so a hand-over
     * between two reads would look like two holders; they count only when every lease seen held is still held on
     * a second read, which was then held throughout the first.
     */
    private void sample(Lease... leases) {
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                List<Lease> holders = new ArrayList<>();
                for (Lease lease : leases) {
                    if (lease.held()) {
                        holders.add(lease);
                    }
                }
                if (holders.size() > 1 && holders.stream().allMatch(Lease::held)) {
                    twoHolders.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        }, "lease-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private static void pause(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
    }

    @Test
    void theFirstInstanceHoldsTheLeaseAndAnotherGetsItAsSoonAsTheHoldersConnectionDies() {
        AmqpLeases first = instance();
        Lease a = first.lease(name);
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        Lease b = instance().lease(name);
        Lease c = instance().lease(name);
        sample(a, b, c);
        pause(Duration.ofSeconds(1));
        assertThat(a.held()).isTrue();
        assertThat(b.held() || c.held()).as("a later instance while the first is alive").isFalse();

        first.kill();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.held() || c.held());
        assertThat(a.held()).isFalse();
        assertThat(twoHolders.get()).isZero();
        JsonObject queue = leaseQueue();
        assertThat(queue.getInteger("consumers")).isEqualTo(2);
        assertThat(queue.getValue("arguments").toString()).contains("x-single-active-consumer");
    }

    @Test
    void aReleasedLeasePassesToTheNextInstanceAndIsNeverHeldAgain() {
        Lease a = instance().lease(name);
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        Lease b = instance().lease(name);
        sample(a, b);
        a.release().await();
        await().atMost(Duration.ofSeconds(5)).until(b::held);
        assertThat(a.held()).isFalse();
        assertThat(twoHolders.get()).isZero();
    }

    @Test
    void anInstanceStartingAsTheLastHolderLeavesStillGetsTheLease() {
        for (int i = 0; i < 5; i++) {
            Lease a = instance().lease(name + i);
            await().atMost(Duration.ofSeconds(5)).until(a::held);
            Lease b = instance().lease(name + i);
            a.release().await();   // as b declares and consumes: the queue may go between the two
            await().atMost(Duration.ofSeconds(10)).until(b::held);
        }
    }

    @Test
    void theHolderKeepsTheLeaseWhenItSwapsItsTokenAndTheFreshTokenStillPassesOn() {
        AmqpLeases first = instance();
        Lease a = first.lease(name);
        await().atMost(Duration.ofSeconds(5)).until(a::held);
        Lease b = instance().lease(name);
        sample(a, b);
        for (int i = 0; i < 3; i++) {
            ((QueueLease) a).turnOver();
        }
        pause(Duration.ofMillis(500));
        assertThat(a.held()).isTrue();
        assertThat(b.held()).isFalse();

        first.kill();
        await().atMost(Duration.ofSeconds(5)).until(b::held);
        assertThat(twoHolders.get()).isZero();
        assertThat(leaseQueue().getInteger("messages")).as("tokens: one held, none piled up")
                .isLessThanOrEqualTo(2);
    }

    /** The lease queue's messages (ready and unacknowledged) and consumers, as the broker counts them. */
    private JsonObject leaseQueue() {
        JsonArray queues = new JsonArray(RabbitVhost.rabbitmqctl("list_queues", "-p", broker.vhost(), "name",
                "messages", "consumers", "arguments", "--formatter", "json"));
        return queues.stream().map(JsonObject.class::cast)
                .filter(q -> q.getString("name").equals(QueueLease.queue(name))).findFirst().orElseThrow();
    }
}
