package dev.enoki.internal.eventbus;

import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;

/** What the RPC server and the event consumers share: consumers the tracker knows of, and the size limit. */
final class EventBusInbound {
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
        MessageConsumer<Buffer> consumer = vertx.eventBus().consumer(address);
        consumer.handler(onMessage);
        Subscription subscription = tracker.add(consumer::unregister);
        return consumer.completion().map(v -> subscription);
    }

    /** Why a request or event is refused before it is decoded, or null: a body over the limit. */
    String oversize(Message<Buffer> message) {
        return oversize(message.body());
    }

    /** Why an event body is refused before it is decoded, or null. */
    String oversize(Buffer body) {
        int size = body == null ? 0 : body.length();
        if (size > maxMessageSize) {
            return "message body of " + size + " bytes is over max_message_size (" + maxMessageSize + " bytes)";
        }
        return null;
    }
}
