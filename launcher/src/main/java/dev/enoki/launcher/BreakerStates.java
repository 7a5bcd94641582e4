package dev.enoki.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;

/**
 * The circuit breakers of this node's containers, as this node sees the services they call, from the gauge
 * {@code enoki.circuit_breaker.state}: calling service, target and state, open ones first, as JSON for the console
 * ({@code GET /metrics/breakers} on the management server).
 */
final class BreakerStates {
    private static final String[] STATES = {"closed", "half_open", "open"};

    private BreakerStates() {
    }

    static JsonArray of(MeterRegistry registry) {
        JsonArray breakers = new JsonArray();
        registry.find("enoki.circuit_breaker.state").gauges().stream()
                .sorted(Comparator.comparingDouble(Gauge::value).reversed()
                        .thenComparing(g -> g.getId().getTag("service") + "." + g.getId().getTag("target")))
                .forEach(g -> breakers.add(new JsonObject().put("service", g.getId().getTag("service"))
                        .put("target", g.getId().getTag("target")).put("state", state(g.value()))));
        return breakers;
    }

    private static String state(double value) {
        int index = (int) value;
        return index >= 0 && index < STATES.length ? STATES[index] : "unknown";
    }
}
