package dev.enoki.internal.messaging;

import dev.enoki.ConfigurationError;
import dev.enoki.Consume;
import dev.enoki.internal.events.MessageHandlerEntrypoint;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.QueueBinding;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;

/**
 * {@code @Consume}: the method gets the JSON body of each message of its queue as its one argument, and the context
 * data of the message's headers. When it returns the message is acknowledged; when it throws, too, unless
 * {@code requeueOnError} asks for another try.
 */
public final class ConsumeEntrypoint extends MessageHandlerEntrypoint<Consume> {
    private Messaging messaging;
    private QueueBinding binding;

    public ConsumeEntrypoint() {
        super(Consume.class);
    }

    @Override
    public Future<Void> setup() {
        String who = "@Consume " + method.getName();
        if (method.getParameterCount() != 1) {
            return Future.failedFuture(new ConfigurationError(who
                    + " must take exactly one parameter: the message body"));
        }
        if (annotation.queue().isBlank()) {
            return Future.failedFuture(new ConfigurationError(who + " needs a queue name"));
        }
        try {
            MessagingChecks.check(annotation.exchangeType(), who);
            messaging = MessagingChecks.messagingOf(container.transport(), who);
        } catch (ConfigurationError e) {
            return Future.failedFuture(e);
        }
        binding = new QueueBinding(annotation.queue(), annotation.exchange(), annotation.exchangeType(),
                annotation.routingKey());
        readBodiesAs("message body");
        return Future.succeededFuture();
    }

    @Override
    protected Future<Subscription> consume() {
        return messaging.consume(binding, container.maxWorkers(), message -> handle(message.body(), message.context()));
    }

    @Override
    protected boolean requeueOnError() {
        return annotation.requeueOnError();
    }
}
