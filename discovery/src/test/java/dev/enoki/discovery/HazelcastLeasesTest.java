package dev.enoki.discovery;

import dev.enoki.lease.Lease;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases between two Hazelcast members in this JVM, with a 1 s term (claims every 200 ms, a grant trusted 800 ms):
 * one holder at a time, handed on when released, and taken over when the holder's member dies — and, sampled all
 * along, never held by both at once.
 */
class HazelcastLeasesTest {
    private static final LeaseTerm TERM = new LeaseTerm(Duration.ofSeconds(1));

    private final List<Vertx> members = new ArrayList<>();
    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final AtomicInteger bothHeld = new AtomicInteger();

    @BeforeEach
    void startMembers() {
        String name = "enoki-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next());
        JsonArray list = new JsonArray(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        for (int port : ports) {
            JsonObject cluster = new JsonObject().put("name", name).put("members", list).put("host", "127.0.0.1")
                    .put("port", port).put("port_auto_increment", false).put("failure_timeout", "2s");
            members.add(ClusteredVertx.start(ClusterOptions.fromConfig(new JsonObject().put("cluster", cluster),
                    Map.of())).await());
        }
    }

    @AfterEach
    void stopMembers() {
        sampling.set(false);
        for (Vertx member : members) {
            try {
                member.close().await();
            } catch (RuntimeException e) {
                // the member whose Hazelcast was terminated closes with an error; nothing of it is left to stop
            }
        }
    }

    private HazelcastLeases leasesOn(int member) {
        Vertx vertx = members.get(member);
        HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
        return new HazelcastLeases(vertx, manager.getHazelcastInstance(), "node-" + member, TERM);
    }

    /** Checks every few milliseconds that the two never hold the lease at once. */
    private void sample(Lease a, Lease b) {
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                if (a.held() && b.held()) {
                    bothHeld.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        }, "lease-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    @Test
    void oneOfTwoCompetingInstancesHoldsTheLeaseAndTheOtherTakesItWhenReleasedForGood() {
        Lease a = leasesOn(0).lease("ticker.tick");
        await().atMost(Duration.ofSeconds(10)).until(a::held);
        Lease b = leasesOn(1).lease("ticker.tick");
        sample(a, b);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(a.held()).isTrue();
        assertThat(b.held()).as("the second instance while the first renews").isFalse();

        a.release().await();
        assertThat(a.held()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(b::held);
        await().pollDelay(TERM.term()).atMost(TERM.term().plusSeconds(1)).until(() -> true);
        assertThat(a.held()).as("a released lease, a term later").isFalse();
        assertThat(b.held()).isTrue();
        assertThat(bothHeld.get()).isZero();
    }

    @Test
    void whenTheHoldersMemberDiesItStopsTrustingTheLeaseBeforeAnotherTakesIt() {
        Lease a = leasesOn(0).lease("ticker.tick");
        await().atMost(Duration.ofSeconds(10)).until(a::held);
        Lease b = leasesOn(1).lease("ticker.tick");
        sample(a, b);

        HazelcastClusterManager first = (HazelcastClusterManager) ((VertxInternal) members.get(0)).clusterManager();
        // Hazelcast keeps an entry through the loss of one member once the backups of a member that just joined are
        // in place; a member lost before that may take entries with it (see docs/services.md).
        await().atMost(Duration.ofSeconds(30))
                .until(() -> first.getHazelcastInstance().getPartitionService().isClusterSafe());
        first.getHazelcastInstance().getLifecycleService().terminate();
        await().atMost(TERM.term()).until(() -> !a.held());
        await().atMost(Duration.ofSeconds(30)).until(b::held);
        assertThat(bothHeld.get()).isZero();
    }
}
