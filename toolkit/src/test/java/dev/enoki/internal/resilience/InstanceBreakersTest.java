package dev.enoki.internal.resilience;

import dev.enoki.RpcTimeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class InstanceBreakersTest {
    private static final String STUCK = "enoki.rpc.payments.instance-1";
    private static final long NANOS = 1_000_000;

    private final InstanceBreakers breakers = new InstanceBreakers("orders",
            new BreakerOptions(true, 50, 4, Duration.ofSeconds(60), Duration.ofMillis(300), 1));

    @Test
    void anInstanceIsLeftOutOnceHalfOfItsCallsWentUnansweredAndTakesCallsAgainOnceAProbeIsAnswered() {
        assertThat(unanswered()).isFalse();
        assertThat(unanswered()).isFalse();
        answered();
        assertThat(unanswered()).as("3 of 4 unanswered: the breaker opens").isTrue();
        assertThat(breakers.permits(STUCK)).isFalse();

        await().atMost(Duration.ofSeconds(5)).until(() -> breakers.permits(STUCK));   // one probe
        assertThat(breakers.permits(STUCK)).as("only one probe at a time").isFalse();
        breakers.answered(STUCK, NANOS);
        assertThat(breakers.permits(STUCK)).isTrue();
    }

    @Test
    void callsThatWereNotDeliveredSayNothingOfTheInstance() {
        for (int i = 0; i < 10; i++) {
            assertThat(breakers.permits(STUCK)).isTrue();
            breakers.released(STUCK);
        }
        assertThat(breakers.permits(STUCK)).isTrue();
    }

    @Test
    void breakersTurnedOffInTheConfigMakeNone() {
        assertThat(InstanceBreakers.of("orders", new BreakerOptions(false, 50, 4, Duration.ofSeconds(60),
                Duration.ofSeconds(1), 1))).isNull();
    }

    private boolean unanswered() {
        assertThat(breakers.permits(STUCK)).isTrue();
        return breakers.unanswered(STUCK, NANOS, new RpcTimeout("late"));
    }

    private void answered() {
        assertThat(breakers.permits(STUCK)).isTrue();
        breakers.answered(STUCK, NANOS);
    }
}
