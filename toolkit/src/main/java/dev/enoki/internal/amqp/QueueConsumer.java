package dev.enoki.internal.amqp;

import com.rabbitmq.client.Delivery;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.transport.ConsumedMessage;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.InboundHandler;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Function;

/**
 * The consumer of one handler's queue, an event subscription's (NAMEKO-WIRE.md §7.2) or a {@code @Consume} method's
 * (§7.3): checks a message, hands it to the container, then acks it when the handler is done, gives it back as it is
 * when the handler never ran, and when the handler failed and asked for another try, retries it a bounded number of
 * times instead of Nameko's endless reject-with-requeue.
 *
 * @param <M> what the handler takes: an {@link EventMessage}, a {@link ConsumedMessage}
 */
final class QueueConsumer<M> {
    private static final Logger log = LoggerFactory.getLogger(QueueConsumer.class);

    private final String what;
    private final Function<Delivery, M> decode;
    private final InboundHandler<M, Disposition> handler;
    private final InboundTracker inbound;
    private final BoundedRetry retry;
    private final int maxMessageSize;
    private final int maxDeliveries;

    /**
     * @param what names the messages in log lines: {@code event e from s}, {@code message}
     * @param decode the handler's view of a delivery whose content type and size were accepted
     */
    private QueueConsumer(String what, Function<Delivery, M> decode, InboundHandler<M, Disposition> handler,
                          InboundTracker inbound, BoundedRetry retry, AmqpSettings settings) {
        this.what = what;
        this.decode = decode;
        this.handler = handler;
        this.inbound = inbound;
        this.retry = retry;
        this.maxMessageSize = settings.maxMessageSize();
        this.maxDeliveries = settings.maxDeliveries();
    }

    /** An event subscription's consumer: the handler gets the event with the context data of its headers. */
    static QueueConsumer<EventMessage> ofEvents(EventSubscription s, InboundHandler<EventMessage, Disposition> handler,
                                                InboundTracker inbound, BoundedRetry retry, AmqpSettings settings) {
        return new QueueConsumer<>("event " + s.eventType() + " from " + s.source(),
                // RabbitMQ keeps the message id when it delivers the event again, and so does a retried copy.
                delivery -> new EventMessage(s.source(), s.eventType(), Buffer.buffer(delivery.getBody()),
                        ContextHeaders.decode(delivery.getProperties().getHeaders()),
                        delivery.getProperties().getMessageId()),
                handler, inbound, retry, settings);
    }

    /** A {@code @Consume} queue's consumer: the handler gets the body with the context data of its headers. */
    static QueueConsumer<ConsumedMessage> ofMessages(String queue, InboundHandler<ConsumedMessage, Disposition> handler,
                                                     InboundTracker inbound, BoundedRetry retry,
                                                     AmqpSettings settings) {
        return new QueueConsumer<>("message", delivery -> new ConsumedMessage(queue, Buffer.buffer(delivery.getBody()),
                ContextHeaders.decode(delivery.getProperties().getHeaders())), handler, inbound, retry, settings);
    }

    void onDelivery(ConsumerChannel consumer, Delivery delivery) {
        if (!inbound.accepting()) {
            return;
        }
        String refusal = NamekoMessages.refusal(delivery.getProperties(), delivery.getBody().length, maxMessageSize);
        if (refusal != null) {
            log.warn("{} on {}{} dropped: {}", what, consumer.queue(), NamekoMessages.describe(delivery.getProperties()),
                    refusal);
            consumer.ack(delivery.getEnvelope().getDeliveryTag());
            return;
        }
        inbound.track(handler.handle(decode.apply(delivery))
                .transform(outcome -> settle(consumer, delivery, outcome.succeeded() ? outcome.result()
                        : Disposition.REQUEUE)));
    }

    /** Acks, rejects or retries a handled message; completes once that is on its way. */
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

    /** Acks the message once its copy is confirmed (back in its queue or dead); gives it back when there is none. */
    private Future<Void> retried(ConsumerChannel consumer, Delivery delivery,
                                 AsyncResult<BoundedRetry.Outcome> copied) {
        if (!inbound.accepting()) {
            return Future.succeededFuture();
        }
        long tag = delivery.getEnvelope().getDeliveryTag();
        if (copied.succeeded()) {
            if (copied.result() == BoundedRetry.Outcome.DEAD) {
                log.warn("{} on {}{} failed {} times; moved to {}", what, consumer.queue(),
                        NamekoMessages.describe(delivery.getProperties()), maxDeliveries,
                        BoundedRetry.deadLetterQueue(consumer.queue()));
            }
            consumer.ack(tag);
        } else {
            log.warn("{} on {} could not be retried ({}); given back to its queue", what, consumer.queue(),
                    copied.cause().getMessage());
            consumer.reject(tag, true);
        }
        return Future.succeededFuture();
    }
}
