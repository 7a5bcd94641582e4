package dev.enoki.discovery;

import dev.enoki.ContainerContext;
import dev.enoki.lease.LeaseFactory;
import dev.enoki.lease.Leases;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Found by the toolkit with {@link java.util.ServiceLoader}: a container on a Hazelcast cluster member (and not on
 * RabbitMQ, whose own leases rank higher) holds its leases in the cluster, {@link HazelcastLeases}.
 */
public final class HazelcastLeaseFactory implements LeaseFactory {

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(ContainerContext container) {
        return container.vertx().isClustered()
                && ((VertxInternal) container.vertx()).clusterManager() instanceof HazelcastClusterManager hazelcast
                && hazelcast.getHazelcastInstance() != null;
    }

    @Override
    public Leases leases(ContainerContext container) {
        HazelcastClusterManager hazelcast = (HazelcastClusterManager) ((VertxInternal) container.vertx()).clusterManager();
        return new HazelcastLeases(container.vertx(), hazelcast.getHazelcastInstance(), container.registry().nodeId(),
                LeaseTerm.fromConfig(container.config(), System.getenv()));
    }
}
