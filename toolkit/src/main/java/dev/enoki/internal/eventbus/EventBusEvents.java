package dev.enoki.internal.eventbus;

import dev.enoki.HandlerType;
import dev.enoki.internal.container.RandomIds;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventQueues;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.enoki.internal.eventbus.EventBusTransport.CONTEXT_HEADER;
import static dev.enoki.internal.eventbus.EventBusTransport.EVENT;
import static dev.enoki.internal.eventbus.EventBusTransport.MESSAGE_ID_HEADER;

/**
 * Events on the event bus: one address per SERVICE_POOL subscriber ({@code send}: one instance takes it), one
 * SINGLETON address per event ({@code send}) and one BROADCAST address per event ({@code publish}: every instance).
 * An event its handler gives back is sent again after a pause, as there is no broker to hold it. Where the cluster
 * keeps {@link EventQueues}, reliable SERVICE_POOL and SINGLETON handlers consume from those instead.
 */
final class EventBusEvents {
    private static final Logger log = LoggerFactory.getLogger(EventBusEvents.class);

    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final EventBusInbound inbound;
    private final ContextCodec contexts;
    private final long requeueDelayMillis;
    /** The cluster's event queues; null in one JVM, where nothing keeps an event nobody handles. */
    private final EventQueues queues;

    EventBusEvents(Vertx vertx, ServiceRegistry registry, EventBusInbound inbound, ContextCodec contexts,
                   long requeueDelayMillis, EventQueues queues) {
        this.vertx = vertx;
        this.registry = registry;
        this.inbound = inbound;
        this.contexts = contexts;
        this.requeueDelayMillis = requeueDelayMillis;
        this.queues = queues;
    }

    Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                   InboundHandler<EventMessage, Disposition> handler) {
        if (queued(subscription)) {
            return queues.consume(subscription, prefetch, event -> {
                String refusal = inbound.oversize(event.body());
                if (refusal != null) {
                    log.warn("event {} from {} dropped: {}", subscription.eventType(), subscription.source(), refusal);
                    return Future.succeededFuture(Disposition.ACK);
                }
                return inbound.tracker().track(handler.handle(event));
            }).map(consumer -> inbound.tracker().add(consumer));
        }
        String address = addressOf(subscription);
        return inbound.consume(address, message -> {
            String refusal = inbound.oversize(message.body());
            if (refusal != null) {
                log.warn("event {} from {} dropped: {}", subscription.eventType(), subscription.source(), refusal);
                return;
            }
            // Sent again with the same headers, so with the same message id.
            EventMessage event = new EventMessage(subscription.source(), subscription.eventType(), message.body(),
                    contextOf(subscription, message), message.headers().get(MESSAGE_ID_HEADER));
            inbound.tracker().track(handler.handle(event)).onSuccess(disposition -> {
                if (disposition != Disposition.ACK) {
                    // No broker to hold it: send it again after a pause, so another instance may take it.
                    DeliveryOptions again = new DeliveryOptions().setHeaders(message.headers());
                    vertx.setTimer(requeueDelayMillis, id -> redeliver(subscription, address, message.body(), again));
                }
            });
        });
    }

    /** The event's context data; a header that is not a JSON object costs the context, never the event. */
    private Map<String, Object> contextOf(EventSubscription subscription, Message<Buffer> message) {
        try {
            return contexts.decode(message.headers());
        } catch (RuntimeException e) {
            log.warn("event {} from {}: its {} header is not a JSON object; handled without context data",
                    subscription.eventType(), subscription.source(), CONTEXT_HEADER);
            return Map.of();
        }
    }

    private void redeliver(EventSubscription subscription, String address, Buffer body, DeliveryOptions options) {
        if (subscription.type() == HandlerType.BROADCAST) {
            if (inbound.tracker().hasConsumers()) {
                vertx.eventBus().send(address, body, options.setLocalOnly(true));
            }
        } else {
            vertx.eventBus().send(address, body, options);
        }
    }

    /**
     * Into the event queues first, where there are any, so an event refused there ({@link dev.enoki.EventQueueFull})
     * reaches no handler at all; then to the addresses of the handlers that take events as they come.
     */
    Future<Void> dispatch(EventMessage event) {
        Future<Void> queued = queues == null ? Future.succeededFuture()
                : registry.all().compose(records -> queues.dispatch(event, queuesOf(records, event)));
        return queued.compose(v -> registry.poolSubscriptions(event.source(), event.eventType())).map(pool -> {
            DeliveryOptions options = new DeliveryOptions()
                    .addHeader(CONTEXT_HEADER, contexts.encode(event.context()))
                    .addHeader(MESSAGE_ID_HEADER, RandomIds.uuid().toString());
            EventBus bus = vertx.eventBus();
            String prefix = EVENT + event.source() + "." + event.eventType();
            pool.stream().filter(s -> !queued(s)).forEach(s -> bus.send(addressOf(s), event.body(), options));
            bus.send(prefix + ".singleton", event.body(), options);
            bus.publish(prefix + ".broadcast", event.body(), options);
            return null;
        });
    }

    /** The queues of the reliable handlers of the event that the registry lists. */
    private static Set<String> queuesOf(List<ServiceRecord> records, EventMessage event) {
        return records.stream().flatMap(r -> r.subscriptions().stream())
                .filter(s -> EventQueues.keeps(s) && s.source().equals(event.source())
                        && s.eventType().equals(event.eventType()))
                .map(EventSubscription::queue).collect(Collectors.toSet());
    }

    private boolean queued(EventSubscription subscription) {
        return queues != null && EventQueues.keeps(subscription);
    }

    Future<Void> stop() {
        return queues == null ? Future.succeededFuture() : queues.stop();
    }

    Future<Void> kill() {
        return queues == null ? Future.succeededFuture() : queues.kill();
    }

    static String addressOf(EventSubscription s) {
        String prefix = EVENT + s.source() + "." + s.eventType();
        return switch (s.type()) {
            case SERVICE_POOL -> prefix + ".pool." + s.service() + "." + s.method();
            case SINGLETON -> prefix + ".singleton";
            case BROADCAST -> prefix + ".broadcast";
        };
    }
}
