package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.ConfigurationError;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ refused a queue declaration because the queue exists with another type: a Nameko service (or an Enoki one
 * with {@code queue_type: classic}) declared it classic and this one asks for quorum, or the other way round
 * ({@code 406 PRECONDITION_FAILED - inequivalent arg 'x-queue-type'}, or one of the dead-letter arguments Enoki gives
 * its quorum queues, whichever RabbitMQ compares first). A queue's type never changes once it exists, so trying again
 * cannot help and falling back to the other type would give a service a queue it was not configured for: the start
 * fails with a {@link ConfigurationError} naming the queue, both types and what to do.
 */
final class QueueTypeConflict {
    private static final int PRECONDITION_FAILED = 406;
    /**
     * RabbitMQ's words: the argument it found different, the queue, then what the declaration asked for and what the
     * queue has. It names the first argument that differs, which may be the dead-letter route of Enoki's quorum
     * queues rather than the type.
     */
    private static final Pattern REFUSAL = Pattern.compile("inequivalent arg '(" + QueueType.ARGUMENT
            + "|x-dead-letter-exchange|x-dead-letter-routing-key)' for queue '(.*)' in vhost '.*': "
            + "received (none|the value '([^']*)').* but current is (none|the value '([^']*)')");

    private QueueTypeConflict() {
    }

    /** The conflict {@code failure} reports, or empty when it is anything else. */
    static Optional<ConfigurationError> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == PRECONDITION_FAILED) {
                Matcher refusal = REFUSAL.matcher(close.getReplyText());
                if (refusal.find()) {
                    return conflict(refusal, failure);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<ConfigurationError> conflict(Matcher refusal, Throwable failure) {
        String argument = refusal.group(1);
        String queue = refusal.group(2);
        boolean askedNone = refusal.group(3).equals("none");
        boolean hasNone = refusal.group(5).equals("none");
        if (argument.equals(QueueType.ARGUMENT)) {
            String asked = askedNone ? QueueType.CLASSIC.wireName() : refusal.group(4);
            String existing = hasNone ? QueueType.CLASSIC.wireName() : refusal.group(6);
            return Optional.of(error("queue " + queue + " exists on RabbitMQ as a " + existing + " queue", asked,
                    existing, failure));
        }
        if (askedNone == hasNone) {
            return Optional.empty();   // a dead-letter route of someone else's: not a question of type
        }
        // Enoki gives quorum queues a dead-letter route and classic ones (Nameko's) no arguments at all.
        String asked = (askedNone ? QueueType.CLASSIC : QueueType.QUORUM).wireName();
        String existing = (hasNone ? QueueType.CLASSIC : QueueType.QUORUM).wireName();
        return Optional.of(error("queue " + queue + " exists on RabbitMQ with other arguments: '" + argument
                + "', which Enoki sets on quorum queues only, is " + (hasNone ? "not set there but is here"
                : "set there but not here"), asked, existing, failure));
    }

    private static ConfigurationError error(String found, String asked, String existing, Throwable cause) {
        return new ConfigurationError(found + "; this service declares it " + asked + " (" + QueueType.KEY + ": "
                + asked + ") and a queue's type cannot change. Either set " + QueueType.KEY + ": " + existing
                + " here, or move the queue to " + asked + ": stop every service that consumes it, move its messages "
                + "elsewhere, delete it, and start them again all declaring it " + asked + " (a Nameko service too: "
                + "see docs/rabbitmq4.md)", cause);
    }
}
