package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.ConfigurationError;
import dev.enoki.TlsHandshakeFailed;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The thin adapter between Vert.x and one RabbitMQ client connection. Nothing here blocks an event loop: opening,
 * declaring and closing run as unordered Vert.x blocking tasks; a publish, ack or reject asked for on an event loop
 * goes to one outbound thread of the link's own (in order), and one asked for on any other thread goes out at once. The client itself recovers the connection, channels, QoS, queues, bindings and consumers.
 */
final class AmqpLink {
    private static final Logger log = LoggerFactory.getLogger(AmqpLink.class);

    /** Told when the broker connection goes away and when it is back. */
    interface Listener {
        void lost(ShutdownSignalException cause);

        void recovered();
    }

    /** One outbound operation on a channel. */
    @FunctionalInterface
    interface Action {
        void run() throws IOException;
    }

    private final Vertx vertx;
    private final String name;
    private final Connection connection;
    private final ExecutorService outbound;
    private final List<Promise<Void>> awaitingRecovery = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    /** Between a lost connection and the client's word that it, its channels and consumers are back. */
    private volatile boolean recovering;

    private AmqpLink(Vertx vertx, String name, Connection connection) {
        this.vertx = vertx;
        this.name = name;
        this.connection = connection;
        this.outbound = Executors.newSingleThreadExecutor(new DaemonThreads(name + "-out"));
    }

    static Future<AmqpLink> open(Vertx vertx, AmqpSettings settings, String name, Listener listener) {
        return vertx.executeBlocking(() -> {
            ConnectionFactory factory = settings.connectionFactory(vertx, name);
            QuietWhileOpening errors = new QuietWhileOpening();
            factory.setExceptionHandler(errors);
            Connection connection = factory.newConnection(name);
            errors.opened();
            AmqpLink link = new AmqpLink(vertx, name, connection);
            link.watch(listener, settings);
            return link;
        }, false).recover(e -> Future.failedFuture(connectFailure(settings, e)));
    }

    /**
     * A bad TLS setting or handshake says so in its own type, as does a broker that refused the login or the vhost
     * (final, never tried again); anything else is a lost connection.
     */
    private static Throwable connectFailure(AmqpSettings settings, Throwable e) {
        if (e instanceof ConfigurationError) {
            return e;
        }
        ConfigurationError refused = BrokerRefusal.of(settings, e);
        if (refused != null) {
            return refused;
        }
        TlsHandshakeFailed tls = settings.tls() == null ? null : TlsHandshakeFailed.of(settings.endpoint(), e);
        if (tls != null) {
            return tls;
        }
        return new BrokerConnectionLost("cannot connect to RabbitMQ at " + settings.endpoint() + ": " + e.getMessage(), e);
    }

    private void watch(Listener listener, AmqpSettings settings) {
        connection.addShutdownListener(cause -> {
            if (!cause.isInitiatedByApplication() && !closing) {
                recovering = true;
                log.warn("{}: connection to {} lost ({}); recovering", name, settings.endpoint(), cause.getMessage());
                listener.lost(cause);
            }
        });
        ((Recoverable) connection).addRecoveryListener(new RecoveryListener() {
            @Override
            public void handleRecovery(Recoverable recoverable) {
                log.info("{}: connection to {} recovered", name, settings.endpoint());
                recovering = false;
                listener.recovered();
                settleAwaitingRecovery();
            }

            @Override
            public void handleRecoveryStarted(Recoverable recoverable) {
            }
        });
    }

    /** Runs a blocking client call (declare, consume, cancel, open a channel) off the event loop. */
    <T> Future<T> blocking(Callable<T> task) {
        return vertx.executeBlocking(task, false);
    }

    /** Opens a channel; call it from {@link #blocking}. */
    Channel createChannel() throws IOException {
        Channel channel = connection.createChannel();
        if (channel == null) {
            throw new IOException("no channel left on connection " + name);
        }
        return channel;
    }

    /** Queues an outbound operation on the link's thread; a failure is logged, as the channel reports it too. */
    void send(Action action) {
        try {
            outbound.execute(() -> {
                try {
                    action.run();
                } catch (IOException | RuntimeException e) {
                    log.debug("{}: outbound operation failed: {}", name, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("{}: link closed, operation dropped", name);
        }
    }

    /** Runs a task on the outbound thread, in order with the operations queued before it; false once closed. */
    boolean execute(Runnable task) {
        try {
            outbound.execute(task);
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false;
        }
    }

    boolean isOpen() {
        return connection.isOpen();
    }

    boolean recovering() {
        return recovering;
    }

    /**
     * Completes on the outbound thread once the connection is open (at once if it is), fails with
     * BrokerConnectionLost when it is still down after {@code wait} or the link is closed.
     */
    Future<Void> available(java.time.Duration wait) {
        Promise<Void> ready = Promise.promise();
        awaitingRecovery.add(ready);
        settleAwaitingRecovery();
        if (!ready.future().isComplete()) {
            long timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                awaitingRecovery.remove(ready);
                ready.tryFail(new BrokerConnectionLost(name + ": the connection to RabbitMQ did not come back within "
                        + wait.toMillis() + " ms"));
            });
            ready.future().onComplete(r -> vertx.cancelTimer(timer));
        }
        return ready.future();
    }

    /** Hands the waiters the outcome: open now, or closed for good. On the outbound thread, in order with sends. */
    private void settleAwaitingRecovery() {
        if (!closing && (recovering || !connection.isOpen())) {
            return;
        }
        for (Promise<Void> waiter : awaitingRecovery) {
            awaitingRecovery.remove(waiter);
            Runnable settle = closing
                    ? () -> waiter.tryFail(new BrokerConnectionLost(name + " is closed"))
                    : waiter::tryComplete;
            if (!execute(settle)) {
                waiter.tryFail(new BrokerConnectionLost(name + " is closed"));
            }
        }
    }

    /** Closes cleanly after the queued operations went out. */
    Future<Void> close() {
        closing = true;
        settleAwaitingRecovery();
        return blocking(() -> {
            outbound.shutdown();
            outbound.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            if (connection.isOpen()) {
                connection.close(5_000);
            } else {
                connection.abort(1_000);
            }
            return null;
        });
    }

    /** Drops the connection at once: whatever was not acknowledged goes back to its queue. */
    Future<Void> abort() {
        closing = true;
        outbound.shutdownNow();
        settleAwaitingRecovery();
        return blocking(() -> {
            connection.abort(1_000);
            return null;
        });
    }

    String name() {
        return name;
    }
}
