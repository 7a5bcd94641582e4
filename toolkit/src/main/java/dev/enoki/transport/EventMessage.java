package dev.enoki.transport;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * One event on the wire: {@code source} dispatched {@code eventType} with a JSON payload.
 *
 * @param messageId the id its dispatcher gave it, which it keeps when it is delivered again; null when it has none
 *                  (an event a Nameko service dispatched, or one being dispatched: the transport gives it one)
 */
public record EventMessage(String source, String eventType, Buffer body, Map<String, Object> context,
                           String messageId) {

    /** An event without a message id. */
    public EventMessage(String source, String eventType, Buffer body, Map<String, Object> context) {
        this(source, eventType, body, context, null);
    }
}
