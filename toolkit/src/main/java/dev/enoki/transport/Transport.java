package dev.enoki.transport;

import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Optional;

/**
 * How a container or a client reaches other services. Bodies are Nameko's JSON bytes ({@code {"args", "kwargs"}}
 * requests, {@code {"result", "error"}} replies, event payloads), so transports only carry them: the container and
 * callers write and read them with {@code dev.enoki.rpc}'s codec. A transport uses that codec for one thing only:
 * {@link dev.enoki.rpc.ReplyBody#ofError} answers a request it refuses unread (too large, or with a content type or
 * headers it cannot accept) with a {@link dev.enoki.MalformedRequest} reply. Every method is called on an event loop
 * and must not block it. The futures an {@link InboundHandler} returns may complete on a worker thread: a transport
 * whose client is not thread-safe hops back to its own context before acknowledging.
 */
public interface Transport {

    /** A short name for logs and the registry: {@code eventbus}, {@code amqp}. */
    String name();

    Future<Void> start();

    /** Closes after the consumers were cancelled and the work in flight was answered. */
    Future<Void> stop();

    /** Closes at once; what was not acknowledged goes back where the transport can put it. */
    Future<Void> kill();

    /**
     * Serves RPC requests for {@code service}: the reply body of the handler's {@link RpcOutcome} is sent back, and
     * only then is the request acknowledged; a request the handler gives back is requeued where a broker holds it and
     * refused to its caller with {@link dev.enoki.ContainerBeingKilled} where none does. At most {@code prefetch}
     * requests are handed over unfinished where the transport can hold the rest back.
     */
    Future<Subscription> serveRpc(String service, int prefetch, InboundHandler<RpcRequest, RpcOutcome> handler);

    /**
     * Consumes the events of one subscription. The handler's {@link Disposition} says whether the event is done or
     * should be tried again.
     */
    Future<Subscription> subscribe(EventSubscription subscription, int prefetch,
                                   InboundHandler<EventMessage, Disposition> handler);

    /**
     * Sends a request and returns the reply body. Fails with {@link dev.enoki.UnknownService} when no instance of
     * the service can be reached and with {@link dev.enoki.RpcTimeout} when the deadline passes.
     */
    Future<Buffer> call(RpcRequest request);

    /** Publishes an event; succeeds once the transport has taken responsibility for it. */
    Future<Void> dispatch(EventMessage event);

    /** Plain messaging to queues and exchanges of the user's own, where the transport has a broker; empty otherwise. */
    default Optional<Messaging> messaging() {
        return Optional.empty();
    }

    /** Whether the transport can carry messages now (its broker connections are up); for readiness checks. */
    default boolean connected() {
        return true;
    }

    /**
     * Adds what callers need to reach this container's own instance (such as {@link ServiceRecord#ADDRESS}) to the
     * record it publishes; called after the entrypoints started.
     */
    default void describe(ServiceRecord.Builder record) {
    }
}
