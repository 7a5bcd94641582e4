package dev.enoki.transport;

import dev.enoki.HandlerType;
import io.vertx.core.Future;

import java.util.Set;

/**
 * Queues that keep events for their handlers when no broker does: where a transport without a broker (the clustered
 * event bus) finds one from an {@link EventQueuesFactory}, its SERVICE_POOL and SINGLETON handlers with
 * {@code reliableDelivery} consume from a queue of their own, named {@link EventSubscription#queue()}, declared
 * when the handler first starts and kept until purged, so an event dispatched while no instance runs waits for one.
 * Consumption is at-least-once: an event leaves its queue only once its handler is done.
 *
 * <p>Every method is called on an event loop and must not block it.
 */
public interface EventQueues {

    /** Whether events for {@code subscription} go through a queue: reliable SERVICE_POOL and SINGLETON handlers. */
    static boolean keeps(EventSubscription subscription) {
        return subscription.reliableDelivery() && subscription.type() != HandlerType.BROADCAST;
    }

    /**
     * Declares the subscription's queue and consumes it: at most {@code prefetch} events handed over unsettled. An
     * event whose handler says {@link Disposition#ACK} is removed; {@link Disposition#REQUEUE} puts it back as it is;
     * {@link Disposition#RETRY} puts it at the back of the queue, a bounded number of times, then into its
     * dead-letter queue. Events taken by an instance that dies go back to the queue.
     */
    Future<Subscription> consume(EventSubscription subscription, int prefetch,
                                 InboundHandler<EventMessage, Disposition> handler);

    /**
     * Puts the event into every declared queue of its source and type and into {@code subscribed} (the queues of the
     * handlers the registry lists, whose declaration may not have reached this process yet), all or none; fails with
     * {@link dev.enoki.EventQueueFull} when one of them is full.
     */
    Future<Void> dispatch(EventMessage event, Set<String> subscribed);

    /** Stops taking events; those taken and not settled are settled by their handlers or go back on a kill. */
    Future<Void> stop();

    /** Stops at once and gives every event taken and not settled back to its queue. */
    Future<Void> kill();
}
