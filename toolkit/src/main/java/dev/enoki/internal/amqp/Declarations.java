package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.EnokiException;
import io.vertx.core.Future;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declarations a transport makes on its publishing connection, on a channel of their own: event exchanges and
 * dead-letter queues once per connection (forgotten when it is lost or recovered, so they are made again), anything
 * else when asked. Blocking client calls, run off the event loop.
 */
final class Declarations {
    /** One declaration on the declaring channel. */
    @FunctionalInterface
    interface Declaration {
        void declare(Channel channel) throws IOException;
    }

    private final AmqpLink link;
    private final AmqpSettings.EventExchanges eventExchanges;
    private final QueueType queueType;
    private final Map<String, Future<Void>> declaredExchanges = new ConcurrentHashMap<>();
    private final Map<String, Future<Void>> declaredDeadLetterQueues = new ConcurrentHashMap<>();
    private Channel admin;

    Declarations(AmqpLink link, AmqpSettings.EventExchanges eventExchanges, QueueType queueType) {
        this.link = link;
        this.eventExchanges = eventExchanges;
        this.queueType = queueType;
    }

    Future<Void> declare(Declaration declaration) {
        return link.blocking(() -> {
            declaration.declare(channel());
            return null;
        });
    }

    /** Declares {@code <source>.events} once per connection, before the first event goes to it. */
    Future<Void> eventExchange(String source) {
        Future<Void> declared = declaredExchanges.computeIfAbsent(source,
                s -> declare(channel -> Topology.declareEventExchange(channel, s, eventExchanges)));
        if (declared.succeeded()) {
            return declared;
        }
        return declared.recover(e -> {
            declaredExchanges.remove(source, declared);
            String message = "cannot declare exchange " + Topology.eventExchange(source) + ": " + e.getMessage();
            return Future.failedFuture(connectionLost(e) ? new BrokerConnectionLost(message, e)
                    : new EnokiException(message, e));
        });
    }

    /** Declares a dead-letter queue once per connection, before the first dead letter goes to it. */
    Future<Void> deadLetterQueue(String queue) {
        Future<Void> declared = declaredDeadLetterQueues.computeIfAbsent(queue,
                q -> declare(channel -> BoundedRetry.declareDeadLetterQueue(channel, q, queueType)));
        return declared.onFailure(e -> declaredDeadLetterQueues.remove(queue, declared));
    }

    /** After a lost or recovered connection: declarations are made again. */
    void forget() {
        declaredExchanges.clear();
        declaredDeadLetterQueues.clear();
    }

    /** A failure of the connection (the event was not sent), as opposed to the broker refusing a declaration. */
    private boolean connectionLost(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && signal.isHardError()) {
                return true;
            }
        }
        return !link.isOpen();
    }

    /** The channel for declarations, opened again when a refused declaration closed it. */
    private synchronized Channel channel() throws IOException {
        if (admin == null || (!admin.isOpen() && link.isOpen())) {
            admin = link.createChannel();
        }
        return admin;
    }
}
