package dev.enoki.reliability;

import com.rabbitmq.client.AMQP;

import java.util.List;
import java.util.Map;

import static dev.enoki.reliability.BadBodies.utf8;

/**
 * The ways an event can be wrong, for the poison service's typed {@code onOrder} and its requeue-on-error
 * {@code onJob}; each is acked and dropped, and the node's log names it once, with the words it must use.
 */
enum BadEvent {
    NO_CONTENT_TYPE("dropped: message has no content_type"),
    FOREIGN_CONTENT_TYPE("dropped: content type"),
    INVALID_JSON("raised MalformedRequest"),
    TRUNCATED("raised MalformedRequest"),
    WRONG_TYPES("raised IncorrectSignature"),
    DEEP_NESTING("raised MalformedRequest"),
    /** Over the node's {@code max_message_size}; only a few. */
    HUGE("dropped: message body of");

    private static final List<BadEvent> SMALL = List.of(values()).subList(0, values().length - 1);

    /** What the node's log line about this event says. */
    final String logged;

    BadEvent(String logged) {
        this.logged = logged;
    }

    static BadEvent nth(int n, int count, int huge) {
        return n >= count - huge ? HUGE : SMALL.get(n % SMALL.size());
    }

    /**
     * Each kind goes to the order handler and the job handler (whose requeue-on-error must not loop on them) in
     * turn.
     */
    static String eventType(int n) {
        return (n / SMALL.size()) % 2 == 0 ? "order" : "job";
    }

    byte[] body(String eventType, String id, int seed) {
        boolean order = eventType.equals("order");
        String good = order ? "{\"id\": \"" + id + "\", \"quantity\": 1}" : "\"" + id + "\"";
        return switch (this) {
            case NO_CONTENT_TYPE, FOREIGN_CONTENT_TYPE -> utf8(good);
            case INVALID_JSON -> BadBodies.invalidJson(seed);
            case TRUNCATED -> BadBodies.truncated(good, seed);
            case WRONG_TYPES -> utf8(order ? "{\"id\": \"" + id + "\", \"quantity\": \"many\"}"
                    : "{\"job\": \"" + id + "\"}");
            case DEEP_NESTING -> utf8(order ? "{\"id\": \"" + id + "\", \"quantity\": 1, \"extra\": "
                    + BadBodies.nested(500 + seed % 500, "1") + "}" : BadBodies.nested(500 + seed % 500, "1"));
            case HUGE -> BadBodies.huge(BadRpcRequest.HUGE_BYTES, "", "");
        };
    }

    AMQP.BasicProperties properties(String id) {
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder()
                .contentType("application/json").contentEncoding("utf-8").deliveryMode(2).priority(0)
                .headers(Map.of("nameko.call_id_stack", List.of("fault.probe." + id))).messageId(id);
        return switch (this) {
            case NO_CONTENT_TYPE -> props.contentType(null).build();
            case FOREIGN_CONTENT_TYPE -> props.contentType(id.hashCode() % 2 == 0 ? "text/plain"
                    : "application/x-msgpack").build();
            default -> props.build();
        };
    }
}
