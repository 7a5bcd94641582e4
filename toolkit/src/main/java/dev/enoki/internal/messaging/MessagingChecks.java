package dev.enoki.internal.messaging;

import dev.enoki.ConfigurationError;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.Transport;

import java.util.Set;

/** What {@code @Consume} and {@code @Publish} check before they ask the broker for anything. */
final class MessagingChecks {
    private static final Set<String> TYPES = Set.of("direct", "topic", "fanout", "headers");

    private MessagingChecks() {
    }

    /** The transport's plain messaging, or a ConfigurationError saying that {@code who} needs RabbitMQ. */
    static Messaging messagingOf(Transport transport, String who) {
        return transport.messaging().orElseThrow(() -> new ConfigurationError(who + " needs RabbitMQ (set AMQP_URI): "
                + "the " + transport.name() + " transport has no queues or exchanges of the user's own"));
    }

    static void check(String exchangeType, String who) {
        if (!TYPES.contains(exchangeType)) {
            throw new ConfigurationError(who + ": exchangeType '" + exchangeType + "' is not one of " + TYPES);
        }
    }
}
