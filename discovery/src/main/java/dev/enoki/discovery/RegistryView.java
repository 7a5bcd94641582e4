package dev.enoki.discovery;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry for people and tools, as JSON: every service with its live instances (node, transport, address,
 * since when, healthy, last heartbeat), its RPC methods and its event subscriptions.
 *
 * <pre>{@code
 * {"node": "...", "ttlMillis": 10000, "services": [
 *   {"name": "greeter",
 *    "instances": [{"instanceId": "...", "node": "...", "transport": "eventbus", "address": "enoki.rpc.greeter.instance.…",
 *                   "since": 1767225600000, "healthy": true, "lastHeartbeatMillisAgo": 812}],
 *    "methods": [{"name": "hello", "parameters": [{"name": "name", "type": "java.lang.String"}], "returns": "java.lang.String"}],
 *    "subscriptions": [{"source": "orders", "event": "created", "service": "greeter", "method": "onCreated",
 *                       "type": "SERVICE_POOL", ...}],
 *    "extra": {"routes": [...]}}]}
 * }</pre>
 */
public final class RegistryView {

    /** One live instance as the view shows it; {@code lastHeartbeatMillisAgo} is -1 where heartbeats do not exist. */
    public record Instance(ServiceRecord record, boolean healthy, long lastHeartbeatMillisAgo) {
    }

    private RegistryView() {
    }

    /** The view of any registry: a {@link ClusterRegistry} says how fresh each instance is, others list all healthy. */
    public static Future<JsonObject> of(ServiceRegistry registry) {
        if (registry instanceof ClusterRegistry cluster) {
            return cluster.view();
        }
        return registry.all().map(records -> toJson(registry.nodeId(), -1,
                records.stream().map(r -> new Instance(r, true, -1)).toList()));
    }

    public static JsonObject toJson(String nodeId, long ttlMillis, List<Instance> instances) {
        Map<String, List<Instance>> byService = new TreeMap<>();
        for (Instance i : instances) {
            byService.computeIfAbsent(i.record().service(), s -> new ArrayList<>()).add(i);
        }
        JsonArray services = new JsonArray();
        byService.forEach((name, list) -> services.add(service(name, list)));
        return new JsonObject().put("node", nodeId).put("ttlMillis", ttlMillis).put("services", services);
    }

    private static JsonObject service(String name, List<Instance> instances) {
        instances.sort(Comparator.comparingLong((Instance i) -> i.record().since())
                .thenComparing(i -> i.record().instanceId()));
        JsonArray list = new JsonArray();
        Map<String, ServiceRecord.RpcMethod> methods = new LinkedHashMap<>();
        Set<EventSubscription> subscriptions = new LinkedHashSet<>();
        JsonObject extra = new JsonObject();
        for (Instance i : instances) {
            ServiceRecord r = i.record();
            list.add(new JsonObject().put("instanceId", r.instanceId()).put("node", r.nodeId())
                    .put("transport", r.transport()).put("address", r.address()).put("since", r.since())
                    .put("healthy", i.healthy()).put("lastHeartbeatMillisAgo", i.lastHeartbeatMillisAgo()));
            r.methods().forEach(m -> methods.putIfAbsent(m.name(), m));
            subscriptions.addAll(r.subscriptions());
            r.extra().forEach(e -> {
                if (!e.getKey().equals(ServiceRecord.ADDRESS)) {
                    extra.put(e.getKey(), e.getValue());
                }
            });
        }
        JsonArray methodsJson = new JsonArray();
        methods.values().forEach(m -> methodsJson.add(m.toJson()));
        JsonArray subscriptionsJson = new JsonArray();
        subscriptions.forEach(s -> subscriptionsJson.add(s.toJson()));
        return new JsonObject().put("name", name).put("instances", list).put("methods", methodsJson)
                .put("subscriptions", subscriptionsJson).put("extra", extra);
    }
}
