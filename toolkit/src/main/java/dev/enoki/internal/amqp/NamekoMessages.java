package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import dev.enoki.internal.container.RandomIds;

import java.time.Duration;
import java.util.Map;

/**
 * The properties Nameko puts on every message it sends (NAMEKO-WIRE.md §3): JSON, utf-8, priority 0, and an
 * application header table that is always present (empty on replies). Events are persistent, as Nameko's; RPC
 * requests and replies are transient: a caller waits for its reply in memory, so a request or reply kept across a
 * broker restart would only reach a caller that has long given up, and writing them to disk costs the broker more
 * than anything else in a call. Also the check every consumer makes before a body goes anywhere near a worker.
 */
final class NamekoMessages {
    private static final int TRANSIENT = 1;
    private static final int PERSISTENT = 2;

    private NamekoMessages() {
    }

    /** A request; with a deadline (epoch milliseconds, 0 for none) it also carries {@link DeadlineHeader}. */
    static AMQP.BasicProperties request(String correlationId, String replyTo, Map<String, Object> context,
                                        long deadline) {
        Map<String, Object> headers = ContextHeaders.encode(context);
        DeadlineHeader.write(headers, deadline);
        return base(headers, TRANSIENT).correlationId(correlationId).replyTo(replyTo).build();
    }

    /** A reply: the request's correlation id (none if it had none) and no context headers. */
    static AMQP.BasicProperties reply(String correlationId) {
        return base(Map.of(), TRANSIENT).correlationId(correlationId).build();
    }

    /**
     * An event, with a message id of its own (Nameko sets none): RabbitMQ keeps it when it delivers the event again,
     * so a handler can tell a redelivery from a second event.
     */
    static AMQP.BasicProperties event(Map<String, Object> context) {
        return base(ContextHeaders.encode(context), PERSISTENT).messageId(RandomIds.uuid().toString()).build();
    }

    /**
     * A {@code Publisher} message: Nameko's properties with the sender's delivery mode and priority, and an
     * expiration in whole milliseconds when it has one.
     */
    static AMQP.BasicProperties message(Map<String, Object> headers, int deliveryMode, int priority,
                                        Duration expiration) {
        return base(headers, deliveryMode).priority(priority)
                .expiration(expiration == null ? null : Long.toString(expiration.toMillis())).build();
    }

    private static AMQP.BasicProperties.Builder base(Map<String, Object> headers, int deliveryMode) {
        return new AMQP.BasicProperties.Builder()
                .contentType(AmqpSettings.CONTENT_TYPE)
                .contentEncoding(AmqpSettings.CONTENT_ENCODING)
                .deliveryMode(deliveryMode)
                .priority(0)
                .headers(headers);
    }

    /**
     * Why a consumer refuses a message before decoding it, or null when it may go on: no content type (Nameko
     * crashes on it), a content type other than JSON (Nameko drops it), or a body over {@code maxSize}.
     */
    static String refusal(AMQP.BasicProperties properties, int bodySize, int maxSize) {
        String type = properties.getContentType();
        if (type == null || type.isBlank()) {
            return "message has no content_type; Enoki accepts " + AmqpSettings.CONTENT_TYPE;
        }
        if (!isJson(type)) {
            return "content type '" + type + "' is not accepted; Enoki accepts " + AmqpSettings.CONTENT_TYPE;
        }
        if (bodySize > maxSize) {
            return "message body of " + bodySize + " bytes is over max_message_size (" + maxSize + " bytes)";
        }
        return null;
    }

    /**
     * The ids a log line may name a message by, such as {@code " (message id m-1, correlation id c-1)"}; empty when
     * it has none. Shortened and stripped of control characters, as they come from whoever published the message.
     */
    static String describe(AMQP.BasicProperties properties) {
        StringBuilder ids = new StringBuilder();
        if (properties.getMessageId() != null) {
            ids.append("message id ").append(shortened(properties.getMessageId()));
        }
        if (properties.getCorrelationId() != null) {
            ids.append(ids.length() == 0 ? "" : ", ").append("correlation id ")
                    .append(shortened(properties.getCorrelationId()));
        }
        return ids.length() == 0 ? "" : " (" + ids + ")";
    }

    private static String shortened(String id) {
        String clean = id.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 100 ? clean : clean.substring(0, 100) + "…";
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String bare = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return bare.equalsIgnoreCase(AmqpSettings.CONTENT_TYPE);
    }
}
