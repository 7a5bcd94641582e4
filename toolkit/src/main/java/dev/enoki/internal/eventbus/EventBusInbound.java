package dev.enoki.internal.eventbus;

import dev.enoki.internal.VertxInternals;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the RPC server and the event consumers share: consumers the tracker knows of, and the size limit. */
final class EventBusInbound {
    private static final Logger log = LoggerFactory.getLogger(EventBusInbound.class);

    private final Vertx vertx;
    private final InboundTracker tracker;
    private final int maxMessageSize;

    EventBusInbound(Vertx vertx, InboundTracker tracker, int maxMessageSize) {
        this.vertx = vertx;
        this.tracker = tracker;
        this.maxMessageSize = maxMessageSize;
    }

    InboundTracker tracker() {
        return tracker;
    }

    /** Consumes {@code address} until a stop, a kill or the returned subscription cancels it. */
    Future<Subscription> consume(String address, Handler<Message<Buffer>> onMessage) {
        return consume(address, false, onMessage);
    }

    /**
     * Consumes RPC requests as {@link #consume} does; {@code inPlace}: an address of this instance alone, where
     * callers in this JVM may send {@link LocalCall}s while it is consumed.
     */
    Future<Subscription> consumeRequests(String address, boolean inPlace, Handler<Message<Object>> onRequest) {
        return consume(address, inPlace, onRequest);
    }

    /**
     * A message the consumer drops unhandled (it was unregistered first) is logged; a dropped {@link LocalCall} fails
     * at once, as Vert.x fails a dropped request with a reply address.
     */
    private <T> Future<Subscription> consume(String address, boolean inPlace, Handler<Message<T>> onMessage) {
        MessageConsumer<T> consumer = vertx.eventBus().consumer(address);
        consumer.handler(onMessage);
        VertxInternals.onDiscard(consumer, dropped -> {
            log.warn("a message to {} was dropped: its consumer is gone", address);
            if (dropped.body() instanceof LocalCall call) {
                call.fail(new ReplyException(ReplyFailure.TIMEOUT, "dropped: its consumer is gone"));
            }
        });
        if (inPlace) {
            LocalCalls.serveInPlace(vertx, address);
        }
        Subscription subscription = tracker.add(() -> {
            if (inPlace) {
                LocalCalls.withdraw(vertx, address);
            }
            return consumer.unregister();
        });
        return consumer.completion().map(v -> subscription);
    }

    /** Why a request or event body is refused before it is decoded, or null: a body over the limit. */
    String oversize(Buffer body) {
        int size = body == null ? 0 : body.length();
        if (size > maxMessageSize) {
            return "message body of " + size + " bytes is over max_message_size (" + maxMessageSize + " bytes)";
        }
        return null;
    }
}
