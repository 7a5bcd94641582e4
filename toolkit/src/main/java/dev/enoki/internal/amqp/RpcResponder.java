package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import dev.enoki.MalformedRequest;
import dev.enoki.internal.transport.DeliveryIds;
import dev.enoki.internal.transport.InboundTracker;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * A service's side of RPC (NAMEKO-WIRE.md §6.2): checks a request, hands it to the container, sends the reply to the RPC
 * exchange under {@code reply_to} with the request's correlation id, and acks the request only once the broker has
 * confirmed the reply. A request that cannot be run gets a MalformedRequest reply when it says where to reply, and
 * is acked and logged when it does not; a request the container gives back (it is being killed) is requeued.
 * <p>
 * The container gets at most {@code max_workers} requests at once, through a {@link RequestGate}; a request leaves
 * the gate when its reply is handed to the publisher, not when the reply is confirmed, and the consumer's prefetch
 * ({@link RpcWindow}) is larger so that replies waiting for their confirm do not hold the workers' share of it.
 */
final class RpcResponder {
    private static final Logger log = LoggerFactory.getLogger(RpcResponder.class);
    /** A reply is tried once, and again after each of at most two reconnections of the publisher. */
    private static final int MAX_REPLY_ATTEMPTS = 3;

    private final ReplyPublisher replies;
    private final InboundTracker inbound;
    private final int maxMessageSize;
    private final String service;
    private final InboundHandler<RpcRequest, RpcOutcome> handler;
    private final RequestGate gate;
    private final RpcWindow window;

    /**
     * {@code maxInHandler}: how many requests the handler may have unfinished at once ({@code max_workers});
     * {@code holdLimit}: how long one may wait for a place before the waiting ones go back to the queue.
     */
    RpcResponder(ReplyPublisher replies, InboundTracker inbound, int maxMessageSize, String service,
                 InboundHandler<RpcRequest, RpcOutcome> handler, int maxInHandler, Duration holdLimit) {
        this.replies = replies;
        this.inbound = inbound;
        this.maxMessageSize = maxMessageSize;
        this.service = service;
        this.handler = handler;
        this.gate = new RequestGate(maxInHandler);
        this.window = new RpcWindow(service, maxInHandler, gate, holdLimit);
    }

    /** The prefetch the RPC queue's consumer starts with: requests in the handler, and replies awaiting confirms. */
    static int prefetch(int maxInHandler) {
        return RpcWindow.wide(maxInHandler);
    }

    /**
     * Gives back to the queue what has waited too long for a worker ({@link RpcWindow#check}); to be called every
     * {@link RpcWindow#CHECK_MILLIS} ms while it returns true, false once the consumer is cancelled or killed.
     */
    boolean checkWindow() {
        return inbound.accepting() && window.check();
    }

    void onRequest(ConsumerChannel consumer, Delivery delivery) {
        if (!inbound.accepting()) {
            return;   // killed: the broker gets it back when the connection drops
        }
        Settled settled = new Settled(consumer, delivery.getEnvelope().getDeliveryTag());
        inbound.track(settled.promise.future());
        AMQP.BasicProperties properties = delivery.getProperties();
        String replyTo = properties.getReplyTo();
        if (replyTo == null || replyTo.isEmpty()) {
            log.warn("{}: request to {}{} has no reply_to; acked and dropped without running it", service,
                    delivery.getEnvelope().getRoutingKey(), NamekoMessages.describe(properties));
            settled.ack();
            return;
        }
        String refusal = NamekoMessages.refusal(properties, delivery.getBody().length, maxMessageSize);
        if (refusal != null) {
            log.warn("{}: request to {}{} refused: {}", service, delivery.getEnvelope().getRoutingKey(),
                    NamekoMessages.describe(properties), refusal);
            replyThenAck(settled, properties, ReplyBody.ofError(new MalformedRequest(refusal)).getBytes());
            return;
        }
        RpcRequest request = new RpcRequest(service, methodOf(delivery.getEnvelope().getRoutingKey()),
                Buffer.buffer(delivery.getBody()), contextOf(properties), DeadlineHeader.read(properties.getHeaders()));
        window.delivered(consumer);
        gate.enter(() -> handle(request, settled, properties), settled::requeue);
    }

    private void handle(RpcRequest request, Settled settled, AMQP.BasicProperties properties) {
        long start = System.nanoTime();
        handler.handle(request).onComplete(outcome -> {
            window.finished(System.nanoTime() - start);
            if (outcome.succeeded() && outcome.result().disposition() == Disposition.ACK) {
                replyThenAck(settled, properties, outcome.result().reply().getBytes());
            } else {
                settled.requeue();   // given back (or the handler broke): Nameko's reject with requeue
            }
            gate.leave();
        });
    }

    /** The context headers, and the correlation id as the delivery id: a redelivery of the request keeps it. */
    private static Map<String, Object> contextOf(AMQP.BasicProperties properties) {
        Map<String, Object> context = ContextHeaders.decode(properties.getHeaders());
        return DeliveryIds.withDeliveryId(context, properties.getCorrelationId());
    }

    /** Nameko resolves {@code <service>.<method>} and reports the last dotted segment when nothing matches. */
    private String methodOf(String routingKey) {
        String prefix = service + ".";
        if (routingKey.startsWith(prefix)) {
            return routingKey.substring(prefix.length());
        }
        int dot = routingKey.lastIndexOf('.');
        return dot < 0 ? routingKey : routingKey.substring(dot + 1);
    }

    private void replyThenAck(Settled settled, AMQP.BasicProperties request, byte[] body) {
        replyThenAck(settled, request, body, 1);
    }

    /**
     * A reply lost with the publishing connection is published again once that connection is back, rather than
     * handing the request back at once: the consuming connection may still be up, and the broker would deliver the
     * request straight back to us, to run again and fail again until the publisher recovered.
     */
    private void replyThenAck(Settled settled, AMQP.BasicProperties request, byte[] body, int attempt) {
        if (!inbound.accepting()) {
            settled.promise.tryComplete();
            return;
        }
        AMQP.BasicProperties reply = NamekoMessages.reply(request.getCorrelationId());
        replies.publish(request.getReplyTo(), reply, body).onComplete(published -> {
            if (published.succeeded()) {
                settled.ack();
            } else if (attempt < MAX_REPLY_ATTEMPTS && replies.down()) {
                log.info("{}: reply to {} not confirmed ({}); publishing it again once the connection is back",
                        service, request.getCorrelationId(), published.cause().getMessage());
                replies.back().onComplete(back -> {
                    if (back.succeeded()) {
                        replyThenAck(settled, request, body, attempt + 1);
                    } else {
                        requeue(settled, request, back.cause());
                    }
                });
            } else {
                requeue(settled, request, published.cause());
            }
        });
    }

    private void requeue(Settled settled, AMQP.BasicProperties request, Throwable cause) {
        log.warn("{}: reply to {} not confirmed ({}); the request goes back to its queue", service,
                request.getCorrelationId(), cause.getMessage());
        settled.requeue();
    }

    /** One request until its ack or reject is on its way; a graceful stop waits for every one. */
    private final class Settled {
        final ConsumerChannel consumer;
        final long tag;
        final io.vertx.core.Promise<Void> promise = io.vertx.core.Promise.promise();

        Settled(ConsumerChannel consumer, long tag) {
            this.consumer = consumer;
            this.tag = tag;
        }

        void ack() {
            if (inbound.accepting()) {
                consumer.ack(tag);
            }
            promise.tryComplete();
        }

        /** After a kill nothing is sent: dropping the connection gives the request back anyway. */
        void requeue() {
            if (inbound.accepting()) {
                consumer.reject(tag, true);
            }
            promise.tryComplete();
        }
    }
}
