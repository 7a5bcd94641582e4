package dev.enoki.internal.amqp;

import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The messages of the registry on RabbitMQ, JSON objects naming their {@code kind} and sending {@code node}:
 * <pre>
 * {"kind": "hello", "node": "…", "replyTo": "enoki.registry-…"}        a newcomer asks; answered into replyTo
 * {"kind": "records", "node": "…", "records": [ServiceRecord JSON, …],  the node's whole set, every heartbeat,
 *  "answered": ["a_nameko_service", …]}                                  on each change and as an answer
 * {"kind": "bye", "node": "…"}                                          the node stops
 * </pre>
 */
final class Announcements {
    static final String HELLO = "hello";
    static final String RECORDS = "records";
    static final String BYE = "bye";

    private Announcements() {
    }

    static JsonObject hello(String node, String replyTo) {
        return new JsonObject().put("kind", HELLO).put("node", node).put("replyTo", replyTo);
    }

    static JsonObject records(String node, Collection<ServiceRecord> records, Collection<String> answered) {
        JsonArray list = new JsonArray();
        records.forEach(r -> list.add(r.toJson()));
        return new JsonObject().put("kind", RECORDS).put("node", node).put("records", list)
                .put("answered", new JsonArray(List.copyOf(answered)));
    }

    static JsonObject bye(String node) {
        return new JsonObject().put("kind", BYE).put("node", node);
    }

    static List<ServiceRecord> recordsOf(JsonObject message) {
        List<ServiceRecord> records = new ArrayList<>();
        message.getJsonArray("records", new JsonArray()).forEach(o -> records.add(ServiceRecord.fromJson((JsonObject) o)));
        return records;
    }

    static Set<String> answeredOf(JsonObject message) {
        Set<String> answered = new HashSet<>();
        message.getJsonArray("answered", new JsonArray()).forEach(o -> answered.add(String.valueOf(o)));
        return answered;
    }
}
