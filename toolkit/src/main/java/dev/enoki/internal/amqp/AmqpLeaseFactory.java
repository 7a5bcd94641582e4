package dev.enoki.internal.amqp;

import dev.enoki.ContainerContext;
import dev.enoki.lease.LeaseFactory;
import dev.enoki.lease.Leases;

/**
 * Leases on RabbitMQ for a container whose config sets {@code AMQP_URI}: its instances share the broker, clustered
 * or not, so this factory ranks above a cluster's.
 */
public final class AmqpLeaseFactory implements LeaseFactory {

    @Override
    public int priority() {
        return AmqpTransportFactory.PRIORITY;
    }

    @Override
    public boolean accepts(ContainerContext container) {
        return AmqpSettings.isSet(container.config());
    }

    @Override
    public Leases leases(ContainerContext container) {
        return new AmqpLeases(container.vertx(), AmqpSettings.from(container.config(), container.options()),
                container.serviceName());
    }
}
