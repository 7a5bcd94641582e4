package dev.enoki.internal.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseClaimTest {
    private static final long TERM = 5_000;
    private static final long NOW = 1_000_000;

    private static String held(String holder, long until) {
        return new JsonObject().put("holder", holder).put("until", until).encode();
    }

    @Test
    void aFreeLeaseGoesToTheClaimantForOneTermFromNow() {
        String granted = LeaseClaim.decide(null, "a", TERM, NOW);
        assertThat(new JsonObject(granted).getString("holder")).isEqualTo("a");
        assertThat(new JsonObject(granted).getLong("until")).isEqualTo(NOW + TERM);
    }

    @Test
    void aLeaseAnotherHoldsIsRefusedUntilItsGrantRunsOut() {
        assertThat(LeaseClaim.decide(held("a", NOW + 1), "b", TERM, NOW)).isNull();
    }

    @Test
    void aGrantEndingNowHasRunOutAndGoesToTheNextClaimant() {
        String granted = LeaseClaim.decide(held("a", NOW), "b", TERM, NOW);
        assertThat(new JsonObject(granted).getString("holder")).isEqualTo("b");
    }

    @Test
    void theHoldersClaimRenewsItsGrantFromNow() {
        String renewed = LeaseClaim.decide(held("a", NOW + 10), "a", TERM, NOW);
        assertThat(new JsonObject(renewed).getLong("until")).isEqualTo(NOW + TERM);
    }

    @Test
    void theHolderCanRenewAGrantThatRanOutWhileNobodyElseClaimedIt() {
        String renewed = LeaseClaim.decide(held("a", NOW - 10), "a", TERM, NOW);
        assertThat(new JsonObject(renewed).getString("holder")).isEqualTo("a");
    }

    @Test
    void onlyTheHolderCanGiveTheLeaseUp() {
        assertThat(LeaseClaim.decide(held("a", NOW + 10), "a", 0, NOW)).isEmpty();
        assertThat(LeaseClaim.decide(held("a", NOW + 10), "b", 0, NOW)).isNull();
        assertThat(LeaseClaim.decide(null, "b", 0, NOW)).isNull();
    }
}
