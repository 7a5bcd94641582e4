package dev.enoki.internal.resilience;

import dev.enoki.RpcTimeout;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
    void anInstanceLeftOutShowsAsAnOpenGaugeNamingTheCallerAndTheInstance() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            InstanceBreakers shipping = new InstanceBreakers("shipping",
                    new BreakerOptions(true, 50, 2, Duration.ofSeconds(60), Duration.ofSeconds(60), 1));
            assertThat(shipping.permits(STUCK)).isTrue();
            shipping.unanswered(STUCK, NANOS, new RpcTimeout("late"));
            Gauge state = registry.get(InstanceBreakers.GAUGE).tags("service", "shipping", "instance", STUCK).gauge();
            assertThat(state.value()).as("0: closed").isZero();

            assertThat(shipping.permits(STUCK)).isTrue();
            assertThat(shipping.unanswered(STUCK, NANOS, new RpcTimeout("late"))).isTrue();
            assertThat(state.value()).as("2: open").isEqualTo(2.0);
        } finally {
            Metrics.removeRegistry(registry);
        }
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
