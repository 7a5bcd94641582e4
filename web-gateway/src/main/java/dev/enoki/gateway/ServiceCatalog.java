package dev.enoki.gateway;

import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry as {@code GET /api/services} shows it: each service once, with its instances (where and since when),
 * its RPC methods with parameter names and types, and its HTTP routes. The gateway adds the registry's event queues
 * ({@code eventQueues}: on a Hazelcast cluster, each handler queue with its depth and whether anyone subscribes).
 */
final class ServiceCatalog {
    private ServiceCatalog() {
    }

    static JsonObject of(List<ServiceRecord> records) {
        Map<String, JsonObject> services = new TreeMap<>();
        for (ServiceRecord r : records) {
            JsonObject service = services.computeIfAbsent(r.service(), name -> new JsonObject().put("name", name)
                    .put("instances", new JsonArray()).put("methods", methodsOf(r))
                    .put("routes", r.extra().getJsonArray("routes", new JsonArray()).copy()));
            service.getJsonArray("instances").add(new JsonObject().put("instanceId", r.instanceId())
                    .put("nodeId", r.nodeId()).put("transport", r.transport()).put("since", r.since()));
        }
        return new JsonObject().put("services", new JsonArray(List.copyOf(services.values())));
    }

    private static JsonArray methodsOf(ServiceRecord record) {
        JsonArray methods = new JsonArray();
        record.methods().forEach(m -> methods.add(m.toJson()));
        return methods;
    }
}
