package dev.enoki.lease;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalLeasesTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void theFirstToAskHoldsTheLeaseAndTheNextTakesItOnlyOnceReleased() {
        Lease first = new LocalLeases(vertx).lease("ticker.tick");
        Lease second = new LocalLeases(vertx).lease("ticker.tick");
        assertThat(first.held()).isTrue();
        assertThat(second.held()).isFalse();
        assertThat(first.held()).as("still, when asked again").isTrue();

        first.release().await();
        assertThat(first.held()).isFalse();
        assertThat(second.held()).isTrue();
        assertThat(first.held()).as("a released lease is never held again").isFalse();
    }

    @Test
    void leasesOfOtherNamesAndOtherVertxInstancesAreApart() {
        Vertx other = Vertx.vertx();
        try {
            assertThat(new LocalLeases(vertx).lease("a.tick").held()).isTrue();
            assertThat(new LocalLeases(vertx).lease("b.tick").held()).isTrue();
            assertThat(new LocalLeases(other).lease("a.tick").held()).isTrue();
        } finally {
            other.close().await();
        }
    }

    @Test
    void releasingALeaseNotHeldLeavesTheHolderAlone() {
        Lease holder = new LocalLeases(vertx).lease("ticker.tick");
        Lease waiting = new LocalLeases(vertx).lease("ticker.tick");
        assertThat(holder.held()).isTrue();
        waiting.release().await();
        assertThat(holder.held()).isTrue();
    }
}
