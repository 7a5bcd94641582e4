package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.internal.metrics.BrokerMeters;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Publishes on one confirm-mode channel and completes each publish when the broker confirms it, without anyone
 * waiting: each publish records its sequence number under the same lock, and the client's confirm listener settles
 * them. Mandatory messages the broker cannot route come back through
 * {@code onReturn} before their confirm. A channel closed by a channel error (say a vanished exchange) is replaced
 * on the next publish; one closed with its connection comes back with it, and until the client has turned its
 * confirms back on a message is refused with {@link BrokerConnectionLost}, as while the connection is down.
 */
final class ConfirmingPublisher {
    private final AmqpLink link;
    private final Consumer<Return> onReturn;
    private final ConcurrentNavigableMap<Long, Promise<Void>> unconfirmed = new ConcurrentSkipListMap<>();
    /** Messages of {@link #publishTogether} waiting for the thread that is writing. */
    private final Queue<Runnable> together = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private volatile Channel channel;

    ConfirmingPublisher(AmqpLink link, Consumer<Return> onReturn) {
        this.link = link;
        this.onReturn = onReturn;
    }

    /** Opens the channel; call from a blocking task. */
    void open() throws IOException {
        Channel ch = link.createChannel();
        ch.confirmSelect();
        ch.addConfirmListener((tag, multiple) -> settle(tag, multiple, null),
                (tag, multiple) -> settle(tag, multiple, new BrokerConnectionLost("RabbitMQ refused the message (nack)")));
        ch.addReturnListener(returned -> {
            BrokerMeters.returned();
            onReturn.accept(returned);
        });
        ch.addShutdownListener(cause -> {
            if (!link.execute(() -> failUnconfirmed(cause))) {
                failUnconfirmed(cause);
            }
        });
        channel = ch;
    }

    /**
     * Publishes without blocking an event loop: from an event loop the publish is queued on the link's outbound
     * thread; from any other thread (a worker, the client's own threads) it goes out at once.
     */
    Future<Void> publish(String exchange, String routingKey, boolean mandatory, AMQP.BasicProperties properties,
                         byte[] body) {
        Promise<Void> promise = metered();
        Runnable send = () -> send(exchange, routingKey, mandatory, properties, body, promise);
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            send.run();
        } else if (!link.execute(send)) {
            promise.tryFail(new BrokerConnectionLost("the connection to RabbitMQ is closed"));
        }
        return promise.future();
    }

    /**
     * Publishes as {@link #publish} does (not mandatory), in one socket write with whatever else is published this way
     * at that moment: a thread that finds another one writing leaves its message to it and goes on. Only for messages
     * whose number something else bounds and whose order does not matter: replies, one per unacknowledged request.
     */
    Future<Void> publishTogether(String exchange, String routingKey, AMQP.BasicProperties properties, byte[] body) {
        Promise<Void> promise = metered();
        Runnable send = () -> send(exchange, routingKey, false, properties, body, promise);
        together.add(send);
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            writeTogether();
        } else if (!link.execute(this::writeTogether) && together.remove(send)) {
            promise.tryFail(new BrokerConnectionLost("the connection to RabbitMQ is closed"));
        }
        return promise.future();
    }

    /** Sends what waits, one thread at a time, until nothing does; a message added meanwhile is seen on the way out. */
    private void writeTogether() {
        while (!together.isEmpty() && writing.compareAndSet(false, true)) {
            try {
                FlushDeferringFrameHandler.together(() -> {
                    for (Runnable send = together.poll(); send != null; send = together.poll()) {
                        send.run();
                    }
                });
            } finally {
                writing.set(false);
            }
        }
    }

    private static Promise<Void> metered() {
        Promise<Void> promise = Promise.promise();
        long start = System.nanoTime();
        promise.future().onComplete(done -> BrokerMeters.confirmed(start, done.cause()));
        return promise;
    }

    /** Sequence number and publish under one lock, so confirms map back to the right message. */
    private synchronized void send(String exchange, String routingKey, boolean mandatory,
                                   AMQP.BasicProperties properties, byte[] body, Promise<Void> promise) {
        long seq = -1;
        try {
            Channel ch = usableChannel();
            seq = ch.getNextPublishSeqNo();
            if (seq == 0) {
                // The client puts a recovered channel in place before it turns confirms back on: a message sent
                // now would never be confirmed, and its publisher would wait for ever. Refused as while offline.
                promise.tryFail(new BrokerConnectionLost("cannot publish to RabbitMQ: the channel is being recovered"));
                return;
            }
            unconfirmed.put(seq, promise);
            ch.basicPublish(exchange, routingKey, mandatory, properties, body);
        } catch (IOException | RuntimeException e) {
            if (seq >= 0) {
                unconfirmed.remove(seq);
            }
            promise.tryFail(new BrokerConnectionLost("cannot publish to RabbitMQ: " + e.getMessage(), e));
        }
    }

    /** The channel, replaced when a channel error (not a lost connection) closed it. Runs on the outbound thread. */
    private Channel usableChannel() throws IOException {
        Channel ch = channel;
        if (!ch.isOpen() && link.isOpen()) {
            ShutdownSignalException cause = ch.getCloseReason();
            if (cause != null && !cause.isHardError()) {
                FlushDeferringFrameHandler.unheld(this::open);
                return channel;
            }
        }
        return ch;
    }

    private void settle(long tag, boolean multiple, Throwable failure) {
        Map<Long, Promise<Void>> settled = multiple ? unconfirmed.headMap(tag, true) : null;
        if (settled != null) {
            // what the settled messages answered is acknowledged together once all are settled
            SettleBatch.run(() -> {
                settled.values().forEach(p -> complete(p, failure));
                settled.clear();
            });
        } else {
            Promise<Void> promise = unconfirmed.remove(tag);
            if (promise != null) {
                complete(promise, failure);
            }
        }
    }

    private static void complete(Promise<Void> promise, Throwable failure) {
        if (failure == null) {
            promise.tryComplete();
        } else {
            promise.tryFail(failure);
        }
    }

    /**
     * Sequence numbers start again on a new channel, so whatever was not confirmed on the old one is lost to us. They
     * are taken out before they fail: a publisher that sends its message again at once (a reply the broker refused
     * at the default exchange) puts the new one in their place.
     */
    private synchronized void failUnconfirmed(ShutdownSignalException cause) {
        BrokerConnectionLost lost = new BrokerConnectionLost("RabbitMQ channel closed before confirming: "
                + cause.getMessage(), cause);
        List<Promise<Void>> failed = new ArrayList<>(unconfirmed.values());
        unconfirmed.clear();
        failed.forEach(p -> p.tryFail(lost));
    }
}
