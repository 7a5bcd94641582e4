package dev.enoki.internal.amqp;

import com.rabbitmq.client.Delivery;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer of one event subscription's queue (NAMEKO-WIRE.md §7.2): checks an event, hands it to the container, then acks it
 * when the handler is done, gives it back as it is when the handler never ran, and when the handler failed and asked
 * for another try, retries it a bounded number of times instead of Nameko's endless reject-with-requeue.
 */
final class EventConsumer {
    private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

    private final EventSubscription subscription;
    private final InboundHandler<EventMessage, Disposition> handler;
    private final InboundTracker inbound;
    private final BoundedRetry retry;
    private final int maxMessageSize;
    private final int maxDeliveries;

    EventConsumer(EventSubscription subscription, InboundHandler<EventMessage, Disposition> handler,
                  InboundTracker inbound, BoundedRetry retry, int maxMessageSize, int maxDeliveries) {
        this.subscription = subscription;
        this.handler = handler;
        this.inbound = inbound;
        this.retry = retry;
        this.maxMessageSize = maxMessageSize;
        this.maxDeliveries = maxDeliveries;
    }

    void onEvent(ConsumerChannel consumer, Delivery delivery) {
        if (!inbound.accepting()) {
            return;
        }
        String refusal = NamekoMessages.refusal(delivery.getProperties(), delivery.getBody().length, maxMessageSize);
        if (refusal != null) {
            log.warn("event {} from {}{} dropped: {}", subscription.eventType(), subscription.source(),
                    NamekoMessages.describe(delivery.getProperties()), refusal);
            consumer.ack(delivery.getEnvelope().getDeliveryTag());
            return;
        }
        // RabbitMQ keeps the message id when it delivers the event again, and so does a retried copy.
        EventMessage event = new EventMessage(subscription.source(), subscription.eventType(),
                Buffer.buffer(delivery.getBody()), ContextHeaders.decode(delivery.getProperties().getHeaders()),
                delivery.getProperties().getMessageId());
        inbound.track(handler.handle(event)
                .transform(outcome -> settle(consumer, delivery, outcome.succeeded() ? outcome.result()
                        : Disposition.REQUEUE)));
    }

    /** Acks, rejects or retries a handled event; completes once that is on its way. */
    private Future<Void> settle(ConsumerChannel consumer, Delivery delivery, Disposition disposition) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (!inbound.accepting()) {
            return Future.succeededFuture();   // killed: the broker gets it back when the connection drops
        }
        switch (disposition) {
            case ACK -> consumer.ack(tag);
            case REQUEUE -> consumer.reject(tag, true);
            case RETRY -> {
                return retry.retry(consumer.queue(), delivery).transform(copied -> retried(consumer, delivery, copied));
            }
        }
        return Future.succeededFuture();
    }

    /** Acks the event once its copy is confirmed (back in its queue or dead); gives it back when there is none. */
    private Future<Void> retried(ConsumerChannel consumer, Delivery delivery,
                                 AsyncResult<BoundedRetry.Outcome> copied) {
        if (!inbound.accepting()) {
            return Future.succeededFuture();
        }
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (copied.succeeded()) {
            if (copied.result() == BoundedRetry.Outcome.DEAD) {
                log.warn("event from {}{} failed {} times; moved to {}", consumer.queue(),
                        NamekoMessages.describe(delivery.getProperties()), maxDeliveries,
                        BoundedRetry.deadLetterQueue(consumer.queue()));
            }
            consumer.ack(tag);
        } else {
            log.warn("event from {} could not be retried ({}); given back to its queue", consumer.queue(),
                    copied.cause().getMessage());
            consumer.reject(tag, true);
        }
        return Future.succeededFuture();
    }
}
