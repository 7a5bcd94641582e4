package dev.enoki.internal.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.spi.cluster.NodeListener;

import java.util.function.Supplier;

/** Members joining and leaving, as seen by a cluster client, told to Vert.x's node listener by their node ids. */
final class MemberEvents implements MembershipListener {
    private final Supplier<NodeListener> listener;

    /** {@code listener} gives null while no one listens or the client is no longer in the cluster. */
    MemberEvents(Supplier<NodeListener> listener) {
        this.listener = listener;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        String id = event.getMember().getAttribute(ClientClusterManager.NODE_ID_ATTRIBUTE);
        NodeListener current = listener.get();
        if (id != null && current != null) {
            current.nodeAdded(id);
        }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        String id = event.getMember().getAttribute(ClientClusterManager.NODE_ID_ATTRIBUTE);
        NodeListener current = listener.get();
        if (id != null && current != null) {
            current.nodeLeft(id);
        }
    }
}
