package dev.enoki.transport;

import io.vertx.core.Future;

/**
 * Plain messaging on a broker, beside RPC and events: a queue of one's own to consume, an exchange to publish to.
 * Only a transport with a broker offers it ({@link Transport#messaging()}). Called on an event loop or a worker; it
 * never blocks an event loop.
 */
public interface Messaging {

    /**
     * Declares the queue and its binding and consumes it, at most {@code prefetch} messages unfinished at once. The
     * handler's {@link Disposition} says whether a message is done or should be tried again.
     */
    Future<Subscription> consume(QueueBinding binding, int prefetch,
                                 InboundHandler<ConsumedMessage, Disposition> handler);

    /** Declares an exchange, durable and not auto-delete; the default exchange ({@code ""}) needs none. */
    Future<Void> declareExchange(String exchange, String type);

    /**
     * Publishes a message and completes once the broker confirmed it; fails with
     * {@link dev.enoki.UndeliverableMessage} when a mandatory message found no queue.
     */
    Future<Void> publish(OutboundMessage message);
}
