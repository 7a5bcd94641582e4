package dev.enoki.discovery;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleService;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells the registry when a node leaves the cluster, when this node is merged back into it after a split, and which
 * nodes are there. With Hazelcast it listens to the member list and the instance's lifecycle itself: {@link ClusterManager#nodeListener} holds a single listener that Vert.x already uses, so it
 * cannot be shared. With another cluster manager only the node list is read, and the TTL does the rest.
 */
final class MembershipWatcher {
    /** The member attribute where the Hazelcast cluster manager keeps the Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final ClusterManager clusterManager;
    private final Cluster cluster;
    private final UUID listenerId;
    private final LifecycleService lifecycle;
    private final UUID lifecycleListenerId;

    /** {@code merged} runs (on a Hazelcast thread) each time this node has rejoined the cluster after a split. */
    MembershipWatcher(ClusterManager clusterManager, Consumer<String> nodeLeft, Runnable merged) {
        this.clusterManager = clusterManager;
        if (clusterManager instanceof HazelcastClusterManager hazelcast && hazelcast.getHazelcastInstance() != null) {
            this.cluster = hazelcast.getHazelcastInstance().getCluster();
            this.lifecycle = hazelcast.getHazelcastInstance().getLifecycleService();
            this.lifecycleListenerId = lifecycle.addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    merged.run();
                }
            });
            this.listenerId = cluster.addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    String nodeId = event.getMember().getAttribute(NODE_ID_ATTRIBUTE);
                    if (nodeId != null) {
                        nodeLeft.accept(nodeId);
                    }
                }
            });
        } else {
            this.cluster = null;
            this.listenerId = null;
            this.lifecycle = null;
            this.lifecycleListenerId = null;
        }
    }

    /**
     * Has the cluster manager put this node's event-bus subscriptions in the cluster map again; blocking, so not on
     * an event loop. Vert.x's Hazelcast cluster manager does so after a member leaves and after its own merge, but
     * a member split off and merged back can still remove the others' subscriptions with clean-ups it queued while
     * away, and nothing puts those back: messages then no longer reach this node, not even its own. Its handler of
     * a merge is public and, with no member gone, does exactly the putting back.
     */
    void republishSubscriptions() {
        if (clusterManager instanceof HazelcastClusterManager hazelcast && lifecycle != null) {
            hazelcast.stateChanged(new LifecycleEvent(LifecycleEvent.LifecycleState.MERGED));
        }
    }

    /** The Vert.x node ids of the current members. */
    Set<String> liveNodes() {
        return new HashSet<>(clusterManager.getNodes());
    }

    /** Whether this node is the cluster's oldest member: the one that purges records of nodes that left. */
    boolean isOldest() {
        if (cluster != null) {
            Set<Member> members = cluster.getMembers();
            return !members.isEmpty() && members.iterator().next().localMember();
        }
        List<String> nodes = clusterManager.getNodes();
        return !nodes.isEmpty() && nodes.get(0).equals(clusterManager.getNodeId());
    }

    void close() {
        if (cluster != null) {
            try {
                cluster.removeMembershipListener(listenerId);
                lifecycle.removeLifecycleListener(lifecycleListenerId);
            } catch (RuntimeException e) {
                // the Hazelcast instance is already shutting down: nothing left to listen to
            }
        }
    }
}
