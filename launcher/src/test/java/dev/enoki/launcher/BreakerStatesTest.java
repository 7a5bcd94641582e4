package dev.enoki.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BreakerStatesTest {

    @Test
    void eachBreakerOfTheNodeIsListedWithItsStateOpenOnesFirst() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        gauge(registry, "orders", "emails", 0);
        gauge(registry, "orders", "payments", 2);
        gauge(registry, "shipping", "payments", 1);

        JsonArray breakers = BreakerStates.of(registry);

        assertThat(breakers).containsExactly(
                new JsonObject().put("service", "orders").put("target", "payments").put("state", "open"),
                new JsonObject().put("service", "shipping").put("target", "payments").put("state", "half_open"),
                new JsonObject().put("service", "orders").put("target", "emails").put("state", "closed"));
    }

    @Test
    void anInstanceLeftOutIsListedWithItsAddressBesideTheServicesBreakers() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        gauge(registry, "orders", "payments", 0);
        Gauge.builder("enoki.circuit_breaker.instance.state", () -> 2)
                .tags("service", "orders", "instance", "enoki.rpc.payments.instance.b7").register(registry);

        JsonArray breakers = BreakerStates.of(registry);

        assertThat(breakers).containsExactly(
                new JsonObject().put("service", "orders").put("target", "enoki.rpc.payments.instance.b7")
                        .put("state", "open").put("instance", true),
                new JsonObject().put("service", "orders").put("target", "payments").put("state", "closed"));
    }

    @Test
    void aNodeWithoutBreakersListsNone() {
        assertThat(BreakerStates.of(new SimpleMeterRegistry())).isEmpty();
    }

    private static void gauge(SimpleMeterRegistry registry, String service, String target, double state) {
        Gauge.builder("enoki.circuit_breaker.state", () -> state).tags("service", service, "target", target)
                .register(registry);
    }
}
