package dev.enoki.discovery;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gives back to their queues the events taken by consumers whose node left the cluster (killed, cut off): every
 * {@code interval}, on the cluster's oldest member only, so one member does it and each event goes back once (the
 * move is also conditional on the entry being unchanged). One per Vert.x instance, started with its first event
 * queues; it stops with the Vert.x instance.
 */
final class AbandonedEvents implements Shareable {
    private static final Logger log = LoggerFactory.getLogger(AbandonedEvents.class);
    private static final String SHARED_MAP = "enoki.abandoned-events";

    private final ClusterManager clusterManager;
    private final HazelcastInstance hazelcast;
    /** Made on a worker at the first sweep: making a Hazelcast proxy may wait on the cluster. */
    private EventQueueStore store;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    private AbandonedEvents(Vertx vertx, HazelcastInstance hazelcast) {
        this.clusterManager = ((VertxInternal) vertx).clusterManager();
        this.hazelcast = hazelcast;
    }

    /** Starts the sweeps of this Vert.x instance once. */
    static void startOnce(Vertx vertx, HazelcastInstance hazelcast, long intervalMillis) {
        vertx.sharedData().<String, AbandonedEvents>getLocalMap(SHARED_MAP).computeIfAbsent("abandoned", k -> {
            AbandonedEvents sweeper = new AbandonedEvents(vertx, hazelcast);
            vertx.setPeriodic(intervalMillis, id -> sweeper.sweep(vertx));
            return sweeper;
        });
    }

    private void sweep(Vertx vertx) {
        if (!clusterManager.isActive() || !oldest() || !sweeping.compareAndSet(false, true)) {
            return;
        }
        vertx.executeBlocking(() -> {
            if (store == null) {
                store = new EventQueueStore(hazelcast);
            }
            return store.returnAbandoned(clusterManager::getNodes);
        }, false).onComplete(done -> {
            sweeping.set(false);
            if (done.failed()) {
                log.warn("returning abandoned events failed; trying again at the next sweep: {}",
                        done.cause().toString());
            } else if (done.result() > 0) {
                log.info("returned {} event(s) taken by nodes no longer in the cluster to their queues",
                        done.result());
            }
        });
    }

    /** Whether this process is the oldest Hazelcast member; a client never is. */
    private boolean oldest() {
        try {
            return hazelcast.getCluster().getMembers().iterator().next().localMember();
        } catch (RuntimeException e) {   // a client, or Hazelcast shutting down
            return false;
        }
    }
}
