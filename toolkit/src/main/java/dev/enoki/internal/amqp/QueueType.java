package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;

import java.util.Locale;
import java.util.Map;

/**
 * The kind of queue Enoki declares for the durable queues it consumes ({@code queue_type}): {@code classic}, as
 * Nameko declares them, or {@code quorum}, RabbitMQ's replicated queue, the only highly available one since RabbitMQ
 * 4.0 removed classic queue mirroring. Queues that go with their consumer (auto-delete, exclusive) stay classic
 * whatever the setting: a quorum queue can be neither.
 */
enum QueueType {
    CLASSIC,
    QUORUM;

    /** The config key, and the environment variable read where the config does not set it. */
    static final String KEY = "queue_type";
    static final String ENV = "ENOKI_QUEUE_TYPE";
    /** The queue argument that chooses the type; a queue declared without it is classic. */
    static final String ARGUMENT = "x-queue-type";

    static QueueType of(Object value) {
        if (value == null) {
            return CLASSIC;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "classic", "" -> CLASSIC;
            case "quorum" -> QUORUM;
            default -> throw new ConfigurationError(KEY + " must be classic or quorum, not '" + value + "'");
        };
    }

    /** The name RabbitMQ gives the type in {@code x-queue-type} and {@code list_queues type}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The arguments of a durable queue Enoki consumes: none for classic (Nameko's own declaration, to the byte);
     * for quorum the type and a dead-letter route to {@code <queue>.dead}, so a message the broker gives up on (a
     * quorum queue's delivery limit, 20 by default since RabbitMQ 4.0) lands where Enoki's bounded retry puts the
     * events it gives up on, instead of being dropped. The route names the queue only, never a setting, so every
     * instance declares the same arguments.
     */
    Map<String, Object> consumedQueueArguments(String queue) {
        if (this == CLASSIC) {
            return null;
        }
        return Map.of(ARGUMENT, wireName(), "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", BoundedRetry.deadLetterQueue(queue));
    }

    /** The arguments of a dead-letter queue: none for classic, the type for quorum. */
    Map<String, Object> deadLetterQueueArguments() {
        return this == CLASSIC ? null : Map.of(ARGUMENT, wireName());
    }
}
