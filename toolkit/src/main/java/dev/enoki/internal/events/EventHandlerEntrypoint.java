package dev.enoki.internal.events;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.AbstractEntrypoint;
import dev.enoki.BadRequest;
import dev.enoki.ConfigurationError;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.ServiceBusy;
import dev.enoki.config.ConfigLoader;
import dev.enoki.internal.transport.DeliveryIds;
import dev.enoki.json.Json;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;

import java.io.IOException;
import java.util.UUID;

/**
 * {@code @EventHandler}: the method gets the payload of each matching event as its one argument. When it returns
 * the event is done; when it throws, the event is done too unless {@code requeueOnError} asks for another try.
 */
public final class EventHandlerEntrypoint extends AbstractEntrypoint<EventHandler> {
    private EventSubscription subscription;
    /** The subscription's queue, which scopes an event's delivery id to this handler. */
    private String queue;
    private ObjectReader payloadReader;
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
        queue = subscription.queue();
        payloadReader = Json.mapper().readerFor(Json.type(method.getGenericParameterTypes()[0]));
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
        // Scoped to this handler's queue: the same event reaches other handlers, which keep records of their own.
        return container.spawnWorker(this, m -> new Object[]{payloadOf(event)},
                        DeliveryIds.ofEvent(event.context(), queue, event.messageId()))
                .transform(outcome -> Future.succeededFuture(disposition(outcome.cause())));
    }

    private Disposition disposition(Throwable error) {
        if (error == null || error instanceof BadRequest) {
            return Disposition.ACK;   // done, or never going to work: another try would loop
        }
        if (error instanceof ServiceBusy || error instanceof ContainerBeingKilled) {
            return Disposition.REQUEUE;   // the handler never ran
        }
        return annotation.requeueOnError() ? Disposition.RETRY : Disposition.ACK;
    }

    private Object payloadOf(EventMessage event) {
        byte[] body = event.body().getBytes();
        try {
            return payloadReader.readValue(body);
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Binding stops at the first token that does not fit, before a syntax error or excess depth further on.
            String syntaxError = syntaxError(body);
            if (syntaxError != null) {
                throw new MalformedRequest("event payload is not JSON: " + syntaxError);
            }
            throw new IncorrectSignature("event payload does not bind to "
                    + method.getGenericParameterTypes()[0].getTypeName() + ": " + e.getOriginalMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedRequest("event payload is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedRequest("event payload is not JSON: " + e.getMessage());
        }
    }

    /** Why the body is not well-formed JSON within the mapper's limits, or null when it is; reads tokens only. */
    private static String syntaxError(byte[] body) {
        try (com.fasterxml.jackson.core.JsonParser parser = Json.mapper().createParser(body)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return e.getOriginalMessage();
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    public EventSubscription subscription() {
        return subscription;
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        record.subscription(subscription);
    }
}
