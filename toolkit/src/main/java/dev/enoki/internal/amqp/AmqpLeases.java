package dev.enoki.internal.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.lease.Lease;
import dev.enoki.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases on RabbitMQ, over a connection of their own: a lease is a queue with a single active consumer
 * ({@link QueueLease}), so the broker itself picks one holder among the instances and hands the lease on when the
 * holder's connection closes. A connection apart from the transport's, so a container without singleton timers
 * opens none, and a lease never waits behind calls and events.
 */
final class AmqpLeases implements Leases {
    private final Vertx vertx;
    private final AmqpSettings settings;
    private final String linkName;
    private final Set<QueueLease> leases = ConcurrentHashMap.newKeySet();
    private AmqpLink link;

    AmqpLeases(Vertx vertx, AmqpSettings settings, String owner) {
        this.vertx = vertx;
        this.settings = settings;
        this.linkName = "enoki-amqp-" + owner + "-leases-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public Future<Void> setup() {
        AmqpLink.Listener listener = new AmqpLink.Listener() {
            @Override
            public void lost(ShutdownSignalException cause) {
                leases.forEach(QueueLease::connectionLost);
            }

            @Override
            public void recovered() {
                leases.forEach(QueueLease::connectionRecovered);
            }
        };
        return AmqpLink.open(vertx, settings, linkName, listener).onSuccess(l -> link = l).mapEmpty();
    }

    @Override
    public Lease lease(String name) {
        QueueLease lease = new QueueLease(vertx, link, name, settings.recoveryInterval(), leases::remove);
        leases.add(lease);
        lease.open();
        return lease;
    }

    /** Closing the connection gives every lease it held to another instance. */
    @Override
    public Future<Void> stop() {
        leases.forEach(QueueLease::closing);
        return link == null ? Future.succeededFuture() : link.close().recover(e -> Future.succeededFuture());
    }

    @Override
    public void kill() {
        leases.forEach(QueueLease::closing);
        if (link != null) {
            link.abort();
        }
    }
}
