package dev.enoki.lease;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

import java.util.UUID;

/**
 * Leases within one Vert.x instance: the first container to ask holds the lease until it releases it, and the next
 * one that asks after that takes it. Nothing outside the JVM can hold one, so on an unclustered event bus a lone
 * instance is always the holder.
 */
public final class LocalLeases implements Leases {
    static final String MAP = "enoki.leases";

    private final LocalMap<String, String> holders;

    public LocalLeases(Vertx vertx) {
        this.holders = vertx.sharedData().getLocalMap(MAP);
    }

    @Override
    public Lease lease(String name) {
        String holder = UUID.randomUUID().toString();
        holders.putIfAbsent(name, holder);
        return new Lease() {
            private volatile boolean released;

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean held() {
                if (released) {
                    return false;
                }
                String current = holders.putIfAbsent(name, holder);
                return current == null || current.equals(holder);
            }

            @Override
            public Future<Void> release() {
                released = true;
                holders.removeIfPresent(name, holder);
                return Future.succeededFuture();
            }
        };
    }
}
