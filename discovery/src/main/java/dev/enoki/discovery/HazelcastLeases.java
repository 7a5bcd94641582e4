package dev.enoki.discovery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.enoki.internal.cluster.LeaseClaim;
import dev.enoki.lease.Lease;
import dev.enoki.lease.Leases;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Leases on a Hazelcast cluster: an entry per lease in the map {@code enoki.leases}, claimed by every competing
 * instance each {@link LeaseTerm#claimInterval()} with one atomic {@link LeaseClaim}. The holder's claims renew its
 * grant; when it dies its grant runs out after at most {@link LeaseTerm#term()} and the next claim of another
 * instance takes it. A holder trusts a grant for {@link LeaseTerm#trusted()} from when it sent the claim, so it has
 * stopped acting before the grant runs out for anyone else, even when it was cut off from the cluster.
 *
 * <p>Why not a lock: an IMap lock belongs to a thread, which Vert.x code does not keep, and its holder cannot tell
 * by its own clock that it may have lost it; a CP {@code FencedLock} needs a CP subsystem of at least three members,
 * which a two-node deployment does not have.
 */
final class HazelcastLeases implements Leases {
    static final String MAP = "enoki.leases";
    private static final Logger log = LoggerFactory.getLogger(HazelcastLeases.class);

    private final Vertx vertx;
    private final IMap<String, String> entries;
    private final String nodeId;
    private final LeaseTerm term;
    private final Set<ClusterLease> competing = ConcurrentHashMap.newKeySet();

    HazelcastLeases(Vertx vertx, HazelcastInstance hazelcast, String nodeId, LeaseTerm term) {
        this.vertx = vertx;
        this.entries = hazelcast.getMap(MAP);
        this.nodeId = nodeId;
        this.term = term;
    }

    @Override
    public Lease lease(String name) {
        ClusterLease lease = new ClusterLease(name, nodeId + "/" + UUID.randomUUID().toString().substring(0, 8));
        competing.add(lease);
        lease.claim();
        return lease;
    }

    @Override
    public Future<Void> stop() {
        return Future.join(competing.stream().map(ClusterLease::release).toList()).mapEmpty();
    }

    @Override
    public void kill() {
        competing.forEach(ClusterLease::release);
    }

    private final class ClusterLease implements Lease {
        private final String name;
        private final String holder;
        /** System.nanoTime() until which the last grant may be acted on; now or earlier: not held. */
        private volatile long trustedUntil = System.nanoTime();
        private volatile boolean released;
        private volatile long timerId = -1;
        /** Whether the last answer was a grant: for the log, which says when the holder changes. */
        private volatile boolean lastGranted;

        ClusterLease(String name, String holder) {
            this.name = name;
            this.holder = holder;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean held() {
            return !released && trustedUntil - System.nanoTime() > 0;
        }

        void claim() {
            if (released) {
                return;
            }
            long sentAt = System.nanoTime();
            CompletionStage<Boolean> claimed;
            try {
                claimed = entries.submitToKey(name, LeaseClaim.take(holder, term.term().toMillis()));
            } catch (RuntimeException e) {   // Hazelcast not running (yet, or any more): the claim fails like any
                claimed = CompletableFuture.failedFuture(e);
            }
            claimed.whenComplete((granted, e) -> {
                boolean was = lastGranted;
                if (e != null) {
                    log.debug("claim of lease {} failed: {}", name, e.toString());   // the last grant lapses by itself
                } else if (Boolean.TRUE.equals(granted)) {
                    trustedUntil = sentAt + term.trusted().toNanos();
                    lastGranted = true;
                } else {
                    trustedUntil = sentAt;
                    lastGranted = false;
                }
                if (was != lastGranted) {
                    log.info("{} the lease {} ({})", was ? "lost" : "holds", name, holder);
                }
                if (!released) {   // one claim interval after this one was sent, so a slow answer does not stretch it
                    long wait = term.claimInterval().toMillis() - (System.nanoTime() - sentAt) / 1_000_000;
                    timerId = vertx.setTimer(Math.max(1, wait), id -> claim());
                }
            });
        }

        @Override
        public Future<Void> release() {
            if (released) {
                return Future.succeededFuture();
            }
            released = true;
            competing.remove(this);
            vertx.cancelTimer(timerId);
            Promise<Void> done = Promise.promise();
            try {
                entries.submitToKey(name, LeaseClaim.giveUp(holder)).whenComplete((r, e) -> done.complete());
            } catch (RuntimeException e) {   // Hazelcast is gone: the grant runs out by itself
                done.complete();
            }
            return done.future();
        }
    }
}
