package dev.enoki.transport;

import dev.enoki.HandlerType;
import io.vertx.core.json.JsonObject;

/**
 * One event handler's subscription: which events it takes and with which delivery semantics.
 *
 * @param broadcastIdentifier names a BROADCAST handler's own queue; unused for the other types
 */
public record EventSubscription(String source, String eventType, String service, String method, HandlerType type,
                                boolean reliableDelivery, boolean requeueOnError, String broadcastIdentifier) {

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
