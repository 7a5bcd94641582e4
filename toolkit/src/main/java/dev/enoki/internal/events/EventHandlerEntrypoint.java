package dev.enoki.internal.events;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.config.ConfigLoader;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;

import java.util.UUID;

/**
 * {@code @EventHandler}: the method gets the payload of each matching event as its one argument. When it returns
 * the event is done; when it throws, the event is done too unless {@code requeueOnError} asks for another try.
 */
public final class EventHandlerEntrypoint extends AbstractEntrypoint<EventHandler> {
    private EventSubscription subscription;
    private PayloadReader payload;
    private Subscription consumer;

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
        payload = new PayloadReader(method.getGenericParameterTypes()[0], "event payload");
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        return container.transport().subscribe(subscription, container.maxWorkers(), this::handle)
                .onSuccess(s -> consumer = s)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.cancel();
    }

    @Override
    public void kill() {
        if (consumer != null) {
            consumer.cancel();
        }
    }

    private Future<Disposition> handle(EventMessage event) {
        return container.spawnWorker(this, m -> new Object[]{payload.read(event.body().getBytes())}, event.context())
                .transform(outcome -> Future.succeededFuture(
                        HandlerDisposition.of(outcome.cause(), annotation.requeueOnError())));
    }

    public EventSubscription subscription() {
        return subscription;
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        record.subscription(subscription);
    }
}
