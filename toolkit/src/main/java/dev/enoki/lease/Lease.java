package dev.enoki.lease;

import io.vertx.core.Future;

/**
 * A named right that at most one instance holds at a time, wherever the instances of a service run. A holder acts
 * only after asking {@link #held()}; the lease passes to another instance when its holder releases it or dies.
 */
public interface Lease {

    /** The lease's name: the same name is the same lease on every instance. */
    String name();

    /**
     * Whether this instance holds the lease now. True only while the grant is known to be still valid, so an
     * instance that lost touch with the others stops acting before anyone else may start. Never blocks.
     */
    boolean held();

    /** Stops competing for the lease and gives it up when held, so another instance can take it at once. */
    Future<Void> release();
}
