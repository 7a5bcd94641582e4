package dev.enoki.lease;

import dev.enoki.ContainerContext;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes a container's {@link Leases}. Found with {@link ServiceLoader}; the highest priority among those that accept
 * the container wins, and with none it gets {@link LocalLeases}. The toolkit's own factory (priority 100) serves a
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
                .orElseGet(() -> new LocalLeases(container.vertx()));
    }
}
