package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import dev.enoki.internal.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One consumer on a channel of its own: declares its queue, sets its prefetch, consumes. Deliveries are handled on
 * the connection's reader thread ({@link DeliverOnReader}) with the container's Vert.x context as the current one:
 * handling a delivery only checks it and hands it to a worker, so it needs no event loop, and skipping one saves a
 * thread hop per message.
 * Acks and rejects never wait on an event loop.
 * A channel per consumer gives each its own prefetch, restored by the client after a reconnect along with the
 * queue, its bindings and the consumer.
 */
final class ConsumerChannel {
    private static final Logger log = LoggerFactory.getLogger(ConsumerChannel.class);

    /** Declares what the consumer needs and returns the queue to consume. */
    @FunctionalInterface
    interface Declaration {
        String declare(Channel channel) throws IOException;
    }

    @FunctionalInterface
    interface DeliveryHandler {
        void handle(ConsumerChannel consumer, Delivery delivery);
    }

    private final AmqpLink link;
    private final Channel channel;
    private final Acknowledgements acks;
    private final String queue;
    private final boolean autoAck;
    private final Context context;
    private final DeliveryHandler handler;
    /** The running consumer's tag; null once cancelled. */
    private final AtomicReference<String> consumerTag = new AtomicReference<>();
    private volatile boolean cancelled;

    private ConsumerChannel(AmqpLink link, Channel channel, String queue, boolean autoAck, Context context,
                            DeliveryHandler handler) {
        this.link = link;
        this.channel = channel;
        this.acks = new Acknowledgements(channel);
        this.queue = queue;
        this.autoAck = autoAck;
        this.context = context;
        this.handler = handler;
    }

    /**
     * @param context the context deliveries are handled in; null for none (for work that only completes promises)
     * @param prefetch 0 with {@code autoAck}
     */
    static Future<ConsumerChannel> open(AmqpLink link, Context context, int prefetch, boolean autoAck,
                                        Declaration declaration, DeliveryHandler handler) {
        return link.blocking(() -> {
            Channel channel = link.createChannel();
            try {
                String queue = declaration.declare(channel);
                if (prefetch > 0) {
                    channel.basicQos(prefetch, false);
                }
                ConsumerChannel consumer = new ConsumerChannel(link, channel, queue, autoAck, context, handler);
                consumer.consumerTag.set(consumer.consume());
                return consumer;
            } catch (IOException | RuntimeException e) {
                closeQuietly(channel);
                throw e;
            }
        });
    }

    private String consume() throws IOException {
        return channel.basicConsume(queue, autoAck,
                (tag, delivery) -> {
                    if (context == null) {
                        handler.handle(this, delivery);
                    } else {
                        VertxInternals.dispatch(context, () -> handler.handle(this, delivery));
                    }
                },
                tag -> log.warn("{}: the broker cancelled the consumer of {} (queue deleted?)", link.name(), queue));
    }

    /**
     * Consumes again with {@code prefetch}, on the link's thread: RabbitMQ fixes a consumer's prefetch when it starts,
     * so the running consumer is cancelled and a new one started. What the old one received stays this channel's to
     * acknowledge, and does not count against the new one's prefetch. {@code between} runs once the old consumer
     * stopped and before the new one starts (or in any case, if that fails); the client restores the last consumer
     * and prefetch after a reconnect.
     */
    void consumeAgain(int prefetch, Runnable between) {
        link.send(() -> {
            String old = consumerTag.get();
            try {
                if (old == null) {
                    return;
                }
                channel.basicCancel(old);
                channel.basicQos(prefetch, false);
            } finally {
                between.run();
            }
            String fresh = consume();
            if (!consumerTag.compareAndSet(old, fresh) || cancelled && consumerTag.compareAndSet(fresh, null)) {
                channel.basicCancel(fresh);   // cancelled meanwhile: the new one must not outlive it
            }
        });
    }

    /** Acks together with others when it can ({@link Acknowledgements}). */
    void ack(long deliveryTag) {
        outbound(() -> acks.ack(deliveryTag));
    }

    void reject(long deliveryTag, boolean requeue) {
        outbound(() -> acks.reject(deliveryTag, requeue));
    }

    /** Queued on the link's thread from an event loop; at once from other threads (confirm callbacks, workers). */
    private void outbound(AmqpLink.Action action) {
        if (io.vertx.core.Context.isOnEventLoopThread()) {
            link.send(action);
            return;
        }
        try {
            action.run();
        } catch (IOException | RuntimeException e) {
            log.debug("{}: ack or reject on {} failed: {}", link.name(), queue, e.toString());
        }
    }

    /** Stops new deliveries; those in flight can still be acknowledged on the open channel. */
    Future<Void> cancel() {
        cancelled = true;
        String tag = consumerTag.getAndSet(null);
        if (tag == null || !channel.isOpen()) {
            return Future.succeededFuture();
        }
        return link.<Void>blocking(() -> {
            channel.basicCancel(tag);
            return null;
        }).recover(e -> {
            log.debug("{}: cancelling the consumer of {} failed: {}", link.name(), queue, e.toString());
            return Future.succeededFuture();
        });
    }

    /** False once cancelled. */
    boolean consuming() {
        return !cancelled;
    }

    String queue() {
        return queue;
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException ignored) {
            // the channel is already going away with the error that brought us here
        }
    }
}
