package dev.enoki.launcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's RPC methods by calls served since it started, most called first, from {@code rpc.server.call.duration}:
 * calls, errors and mean seconds per method, as JSON for the console ({@code GET /metrics/busiest} on the
 * management server).
 */
final class BusiestMethods {
    private static final int SHOWN = 10;

    private BusiestMethods() {
    }

    static JsonArray of(MeterRegistry registry) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Timer timer : registry.find("rpc.server.call.duration").timers()) {
            String key = timer.getId().getTag("rpc.service") + '\u0000' + timer.getId().getTag("rpc.method");
            long[] calls = counts.computeIfAbsent(key, k -> new long[2]);
            calls[0] += timer.count();
            if (!"none".equals(timer.getId().getTag("error.type"))) {
                calls[1] += timer.count();
            }
            seconds.merge(key, timer.totalTime(TimeUnit.SECONDS), Double::sum);
        }
        JsonArray methods = new JsonArray();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
                .limit(SHOWN)
                .forEach(e -> {
                    String[] name = e.getKey().split("\u0000", 2);
                    long calls = e.getValue()[0];
                    methods.add(new JsonObject().put("service", name[0]).put("method", name[1]).put("calls", calls)
                            .put("errors", e.getValue()[1])
                            .put("mean_seconds", calls == 0 ? 0.0 : seconds.get(e.getKey()) / calls));
                });
        return methods;
    }
}
