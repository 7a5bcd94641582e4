package dev.enoki.transport;

import dev.enoki.HandlerType;
import dev.enoki.internal.rpc.PythonNames;
import io.vertx.core.json.JsonObject;

/**
 * One event handler's subscription: which events it takes and with which delivery semantics.
 *
 * @param broadcastIdentifier names a BROADCAST handler's own queue; unused for the other types
 */
public record EventSubscription(String source, String eventType, String service, String method, HandlerType type,
                                boolean reliableDelivery, boolean requeueOnError, String broadcastIdentifier) {

    /**
     * The handler's queue as Nameko names it (NAMEKO-WIRE.md §2.5): on RabbitMQ the queue it consumes, on every
     * transport what tells one handler's deliveries of an event from another's (the cluster's event queues go by it
     * too). The method is named as Python would
     * ({@code on_ping} for {@code onPing}), so a handler moved from Nameko to Java shares its Python twin's queue.
     */
    public String queue() {
        String base = "evt-" + source + "-" + eventType;
        return switch (type) {
            case SINGLETON -> base;
            case SERVICE_POOL -> base + "--" + service + "." + PythonNames.of(method);
            case BROADCAST -> base + "--" + service + "." + PythonNames.of(method) + "-" + broadcastIdentifier;
        };
    }

    public JsonObject toJson() {
        return new JsonObject()
                .put("source", source).put("event", eventType).put("service", service).put("method", method)
                .put("type", type.name()).put("reliableDelivery", reliableDelivery)
                .put("requeueOnError", requeueOnError).put("broadcastIdentifier", broadcastIdentifier);
    }

    public static EventSubscription fromJson(JsonObject json) {
        return new EventSubscription(json.getString("source"), json.getString("event"), json.getString("service"),
                json.getString("method"), HandlerType.valueOf(json.getString("type")),
                json.getBoolean("reliableDelivery", true), json.getBoolean("requeueOnError", false),
                json.getString("broadcastIdentifier", ""));
    }
}
