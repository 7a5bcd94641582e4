package dev.enoki.discovery;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Tells the registry when a node leaves the cluster, and which nodes are there. With Hazelcast it listens to the
 * member list itself: {@link ClusterManager#nodeListener} holds a single listener that Vert.x already uses, so it
 * cannot be shared. With another cluster manager only the node list is read, and the TTL does the rest.
 */
final class MembershipWatcher {
    /** The member attribute where the Hazelcast cluster manager keeps the Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final ClusterManager clusterManager;
    private final Cluster cluster;
    private final UUID listenerId;

    MembershipWatcher(ClusterManager clusterManager, Consumer<String> nodeLeft) {
        this.clusterManager = clusterManager;
        if (clusterManager instanceof HazelcastClusterManager hazelcast && hazelcast.getHazelcastInstance() != null) {
            this.cluster = hazelcast.getHazelcastInstance().getCluster();
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
            } catch (RuntimeException e) {
                // the Hazelcast instance is already shutting down: nothing left to listen to
            }
        }
    }
}
