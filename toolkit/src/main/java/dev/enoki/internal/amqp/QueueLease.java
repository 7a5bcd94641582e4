package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import dev.enoki.lease.Lease;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A lease as a RabbitMQ queue with a single active consumer, {@code enoki-singleton-<name>}: every competing instance
 * consumes it and the broker delivers only to one, the holder. What tells an instance it is the active one is a
 * token message, which the holder keeps unacknowledged: when the holder's connection closes (kill -9 included) the
 * broker makes another consumer active and hands it the token at once. Each instance puts a token in when it starts
 * consuming and after its connection came back; the queue keeps at most one waiting ({@code x-max-length}), so the
 * tokens never pile up. The holder swaps its token for a fresh one every few minutes, well inside RabbitMQ's
 * {@code consumer_timeout} (30 minutes by default), which would otherwise close a channel that keeps a message that
 * long. The queue goes when its last consumer does.
 */
final class QueueLease implements Lease {
    private static final Logger log = LoggerFactory.getLogger(QueueLease.class);
    static final Duration TOKEN_TURNOVER = Duration.ofMinutes(5);
    static final Map<String, Object> QUEUE_ARGUMENTS = Map.of("x-single-active-consumer", true, "x-max-length", 1);

    private final Vertx vertx;
    private final AmqpLink link;
    private final String name;
    private final String queue;
    private final Consumer<QueueLease> onRelease;
    private final Duration retry;
    private volatile Channel channel;
    /** Our consumer is the queue's active one: it had a token since its channel last (re)opened. */
    private volatile boolean active;
    private volatile long tokenTag = -1;
    private volatile boolean released;
    private final long turnoverTimer;

    QueueLease(Vertx vertx, AmqpLink link, String name, Duration retry, Consumer<QueueLease> onRelease) {
        this.vertx = vertx;
        this.link = link;
        this.name = name;
        this.queue = queue(name);
        this.onRelease = onRelease;
        this.retry = retry;
        this.turnoverTimer = vertx.setPeriodic(TOKEN_TURNOVER.toMillis(), id -> turnOver());
    }

    static String queue(String name) {
        return "enoki-singleton-" + name;
    }

    /**
     * Declares the queue, consumes it and puts a token in. Tried again after {@code retry} when it fails or the
     * broker cancels the consumer: the queue may go between the declaration and the consumer, as the last instance
     * that consumed it leaves.
     */
    void open() {
        if (released) {
            return;
        }
        link.<Void>blocking(() -> {
            Channel ch = link.createChannel();
            ch.addShutdownListener(cause -> {
                if (!cause.isHardError() && !cause.isInitiatedByApplication() && channel == ch) {
                    channelClosed(cause.getMessage());   // the broker closed the channel, not the connection
                }
            });
            try {
                ch.queueDeclare(queue, true, false, true, QUEUE_ARGUMENTS);
                ch.basicQos(1);
                ch.basicConsume(queue, false, (tag, delivery) -> onToken(delivery.getEnvelope().getDeliveryTag()),
                        tag -> cancelled(ch));
                channel = ch;
                putToken(ch);
                return null;
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                throw e;
            }
        }).onFailure(e -> {
            log.warn("{}: cannot compete for lease {} on {} now, trying again in {} ms: {}", link.name(), name, queue,
                    retry.toMillis(), e.getCause() != null ? e.getCause().getMessage() : e.toString());
            vertx.setTimer(retry.toMillis(), id -> open());
        });
    }

    /** Nothing of the client recovers a channel the broker closed (the connection is fine): open another. */
    private void channelClosed(String reason) {
        tokenTag = -1;
        active = false;
        if (!released) {
            log.warn("{}: the broker closed the channel of lease {} ({}); competing again", link.name(), name, reason);
            vertx.setTimer(retry.toMillis(), id -> open());
        }
    }

    /** The broker cancelled the consumer (the queue was deleted): compete again on a fresh channel. */
    private void cancelled(Channel ch) {
        tokenTag = -1;
        active = false;
        if (released) {
            return;
        }
        log.warn("{}: the broker cancelled the consumer of {}; competing again", link.name(), queue);
        link.blocking(() -> {
            closeQuietly(ch);
            return null;
        }).onComplete(r -> vertx.setTimer(retry.toMillis(), id -> open()));
    }

    private static void closeQuietly(Channel ch) {
        try {
            if (ch.isOpen()) {
                ch.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException ignored) {
            // the channel is going away with the error that brought us here
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean held() {
        return active && !released && link.isOpen();
    }

    /** On the client's delivery thread: we are the active consumer; keep this token, give back any other. */
    private void onToken(long tag) {
        if (released) {
            return;
        }
        long previous = tokenTag;
        tokenTag = tag;
        if (previous >= 0) {
            Channel ch = channel;
            link.send(() -> ch.basicAck(previous, false));
        }
        if (!active) {
            active = true;
            log.info("holds the lease {} ({})", name, link.name());
        }
    }

    private void putToken(Channel ch) throws IOException {
        ch.basicPublish("", queue, null, new byte[0]);
    }

    /** A fresh token in, the old one acknowledged: the broker delivers the fresh one to us, still the active one. */
    void turnOver() {
        Channel ch = channel;
        long tag = tokenTag;
        if (!active || ch == null || tag < 0) {
            return;
        }
        tokenTag = -1;
        link.send(() -> {
            putToken(ch);
            ch.basicAck(tag, false);
        });
    }

    /** The broker gives our token to another consumer as it sees the connection go; we stop at once. */
    void connectionLost() {
        tokenTag = -1;
        if (active) {
            active = false;
            log.warn("lost the lease {} with the connection to RabbitMQ", name);
        }
    }

    /** The client has declared the queue and consumed it again; the token may have gone with the broker. */
    void connectionRecovered() {
        Channel ch = channel;
        if (ch != null && !released) {
            link.send(() -> putToken(ch));
        }
    }

    /** The connection is about to close, which hands the token on. */
    void closing() {
        released = true;
        active = false;
        vertx.cancelTimer(turnoverTimer);
    }

    /** Closing the channel gives the token back to the queue, for the next consumer the broker makes active. */
    @Override
    public Future<Void> release() {
        if (released) {
            return Future.succeededFuture();
        }
        closing();
        onRelease.accept(this);
        Channel ch = channel;
        if (ch == null || !ch.isOpen()) {
            return Future.succeededFuture();
        }
        return link.<Void>blocking(() -> {
            ch.close();
            return null;
        }).recover(e -> Future.succeededFuture());
    }
}
