package dev.enoki.internal.messaging;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConfigurationError;
import dev.enoki.Publish;
import dev.enoki.Publisher;
import dev.enoki.WorkerContext;
import dev.enoki.transport.Messaging;
import io.vertx.core.Future;

/**
 * {@code @Publish}: declares the exchange when the container starts, as Nameko's {@code Publisher} does in its
 * setup, and gives each worker a {@link Publisher} that sends the worker's context data along.
 */
public final class PublisherProvider extends AbstractDependencyProvider<Publish, Publisher> {
    private Messaging messaging;

    public PublisherProvider() {
        super(Publish.class);
    }

    @Override
    public Future<Void> setup() {
        String who = "@Publish field " + field.getName();
        if (field.getType() != Publisher.class) {
            return Future.failedFuture(new ConfigurationError(who + " must be a Publisher"));
        }
        try {
            MessagingChecks.check(annotation.exchangeType(), who);
            messaging = MessagingChecks.messagingOf(container.transport(), who);
        } catch (ConfigurationError e) {
            return Future.failedFuture(e);
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        return messaging.declareExchange(annotation.exchange(), annotation.exchangeType());
    }

    @Override
    public Publisher get(WorkerContext worker) {
        return new MessagePublisher(messaging, annotation.exchange(), annotation.routingKey(), worker.contextData());
    }
}
