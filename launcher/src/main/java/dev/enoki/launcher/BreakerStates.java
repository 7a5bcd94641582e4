package dev.enoki.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The circuit breakers of this node's containers, as this node sees the services they call, from the gauge
 * {@code enoki.circuit_breaker.state}, and those of single instances on the event bus, from
 * {@code enoki.circuit_breaker.instance.state} (target: the instance's address, {@code instance: true}): calling
 * service, target and state, open ones first, as JSON for the console ({@code GET /metrics/breakers} on the
 * management server).
 */
final class BreakerStates {
    private static final String[] STATES = {"closed", "half_open", "open"};

    private BreakerStates() {
    }

    static JsonArray of(MeterRegistry registry) {
        JsonArray breakers = new JsonArray();
        Stream.concat(registry.find("enoki.circuit_breaker.state").gauges().stream(),
                        registry.find("enoki.circuit_breaker.instance.state").gauges().stream())
                .sorted(Comparator.comparingDouble(Gauge::value).reversed()
                        .thenComparing(g -> g.getId().getTag("service") + "." + target(g)))
                .forEach(g -> breakers.add(entry(g)));
        return breakers;
    }

    private static JsonObject entry(Gauge gauge) {
        JsonObject entry = new JsonObject().put("service", gauge.getId().getTag("service"))
                .put("target", target(gauge)).put("state", state(gauge.value()));
        return gauge.getId().getTag("instance") == null ? entry : entry.put("instance", true);
    }

    private static String target(Gauge gauge) {
        String instance = gauge.getId().getTag("instance");
        return instance != null ? instance : gauge.getId().getTag("target");
    }

    private static String state(double value) {
        int index = (int) value;
        return index >= 0 && index < STATES.length ? STATES[index] : "unknown";
    }
}
