package dev.enoki.lease;

import dev.enoki.ContainerContext;
import dev.enoki.Extension;

/**
 * The leases of one container, as its transport and cluster allow: one JVM ({@link LocalLeases}), a Hazelcast
 * cluster (the discovery module), or RabbitMQ (a single-active-consumer queue per lease). An extension of the
 * container, so the container sets it up before the entrypoints start and stops it after they stopped; an
 * entrypoint gets it with {@link #of(ContainerContext)} from its {@link Extension#setup()}.
 */
public interface Leases extends Extension {

    /** Starts competing for the lease {@code name} at once; call it from {@link Extension#start()} on. */
    Lease lease(String name);

    /** The container's one {@code Leases}, made by the {@link LeaseFactory} that serves it. */
    static Leases of(ContainerContext container) {
        return container.shared(Leases.class, () -> LeaseFactory.forContainer(container));
    }
}
