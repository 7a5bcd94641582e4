package dev.enoki.internal.events;

import dev.enoki.ConfigurationError;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.config.ConfigLoader;
import dev.enoki.internal.transport.DeliveryIds;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * {@code @EventHandler}: the method gets the payload of each matching event as its one argument. When it returns
 * the event is done; when it throws, the event is done too unless {@code requeueOnError} asks for another try.
 */
public final class EventHandlerEntrypoint extends MessageHandlerEntrypoint<EventHandler> {
    private EventSubscription subscription;
    /** The subscription's queue, which scopes an event's delivery id to this handler. */
    private String queue;

    public EventHandlerEntrypoint() {
        super(EventHandler.class, EventHandler::expectedExceptions, EventHandler::sensitiveArguments);
    }

    @Override
    public Future<Void> setup() {
        if (method.getParameterCount() != 1) {
            return Future.failedFuture(new ConfigurationError("@EventHandler " + method.getName()
                    + " must take exactly one parameter: the event payload"));
        }
        String identifier = ConfigLoader.expand(annotation.broadcastIdentifier(), System.getenv());
        if (annotation.type() == HandlerType.BROADCAST && identifier.isEmpty()) {
            if (annotation.reliableDelivery()) {
                return Future.failedFuture(new ConfigurationError("@EventHandler " + method.getName()
                        + ": BROADCAST with reliableDelivery needs a broadcastIdentifier that stays the same across "
                        + "restarts (such as ${HOSTNAME}); or set reliableDelivery = false"));
            }
            identifier = UUID.randomUUID().toString().replace("-", "");
        }
        subscription = new EventSubscription(annotation.source(), annotation.event(), container.serviceName(),
                method.getName(), annotation.type(), annotation.reliableDelivery(), annotation.requeueOnError(),
                identifier);
        queue = subscription.queue();
        readBodiesAs("event payload");
        return Future.succeededFuture();
    }

    @Override
    protected Future<Subscription> consume() {
        return container.transport().subscribe(subscription, container.maxWorkers(),
                // Scoped to this handler's queue: the same event reaches other handlers, which keep records of their own.
                event -> handle(event.body(), DeliveryIds.ofEvent(event.context(), queue, event.messageId())));
    }

    @Override
    protected boolean requeueOnError() {
        return annotation.requeueOnError();
    }

    public EventSubscription subscription() {
        return subscription;
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        record.subscription(subscription);
    }
}
