package dev.enoki.lease;

import dev.enoki.ConfigurationError;
import dev.enoki.ContainerContext;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes a container's {@link Leases}. Found with {@link ServiceLoader}; the highest priority among those that accept
 * the container wins; with none, an unclustered container gets {@link LocalLeases} and a clustered one fails to
 * start with {@link ConfigurationError}. The toolkit's own factory (priority 100) serves a
 * container on RabbitMQ: its instances share the broker whether or not they share a cluster. The discovery module's
 * serves a container on a Hazelcast cluster.
 */
public interface LeaseFactory {

    int priority();

    /** Whether this factory serves the container (its config and Vert.x instance); called from its setup. */
    boolean accepts(ContainerContext container);

    Leases leases(ContainerContext container);

    static Leases forContainer(ContainerContext container) {
        ServiceLoader<LeaseFactory> loader = ServiceLoader.load(LeaseFactory.class, LeaseFactory.class.getClassLoader());
        return StreamSupport.stream(loader.spliterator(), false)
                .filter(f -> f.accepts(container))
                .max(Comparator.comparingInt(LeaseFactory::priority))
                .map(f -> f.leases(container))
                .orElseGet(() -> local(container));
    }

    /** One JVM's leases, for an unclustered Vert.x only: in a cluster they would let every member hold a lease. */
    private static Leases local(ContainerContext container) {
        if (container.vertx().isClustered()) {
            throw new ConfigurationError(container.serviceName() + ": no lease for a singleton timer on this clustered "
                    + "Vert.x instance (leases need a Hazelcast cluster member with the discovery module, or AMQP_URI)");
        }
        return new LocalLeases(container.vertx());
    }
}
