package dev.enoki.internal.cluster;

import dev.enoki.transport.EventMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * One event in a cluster event queue, kept as a JSON string (no Java serialization): an id for logs, ledgers and
 * exactly-once handlers (the event's message id, kept through every delivery), how often it was delivered before,
 * the dispatcher's context data and the body, in base64 since a body is bytes.
 */
public record QueuedEvent(String id, int deliveries, Map<String, Object> context, Buffer body) {

    /** A newly dispatched event, never delivered. */
    public static QueuedEvent of(EventMessage event) {
        String id = event.messageId() != null ? event.messageId() : UUID.randomUUID().toString();
        return new QueuedEvent(id, 0, event.context(), event.body());
    }

    public EventMessage message(String source, String eventType) {
        return new EventMessage(source, eventType, body, context, id);
    }

    /** The same event after one more delivery. */
    public QueuedEvent delivered() {
        return new QueuedEvent(id, deliveries + 1, context, body);
    }

    public String encode() {
        return new JsonObject().put("id", id).put("deliveries", deliveries)
                .put("context", new JsonObject(context == null ? Map.of() : context))
                .put("body", Base64.getEncoder().encodeToString(body.getBytes())).encode();
    }

    public static QueuedEvent decode(String json) {
        JsonObject o = new JsonObject(json);
        return new QueuedEvent(o.getString("id"), o.getInteger("deliveries", 0),
                o.getJsonObject("context", new JsonObject()).getMap(),
                Buffer.buffer(Base64.getDecoder().decode(o.getString("body", ""))));
    }
}
