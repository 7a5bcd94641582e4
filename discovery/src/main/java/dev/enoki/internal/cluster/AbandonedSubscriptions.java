package dev.enoki.internal.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Event-bus subscriptions left in the cluster by clients that ended without leaving (killed, or cut off for longer
 * than their node info's TTL). Members remove the subscriptions of a member that leaves, but a client is no member,
 * so nothing would ever remove these, and every member would keep trying to send to the dead client.
 */
final class AbandonedSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(AbandonedSubscriptions.class);

    private AbandonedSubscriptions() {
    }

    /**
     * Removes the subscriptions of nodes that are neither members nor in the node-info map, where every live node,
     * member or client, keeps its entry; blocking. {@code self} is spared while its own entry is on its way.
     */
    static void remove(HazelcastInstance client, String self) {
        MultiMap<String, HazelcastRegistrationInfo> subs = client.getMultiMap(ClientClusterManager.SUBS_MAP);
        // Subscriptions first: a node puts its node info before any subscription, so every node listed here is
        // still in the node-info map read after, unless it is gone
        Set<Map.Entry<String, HazelcastRegistrationInfo>> listed = subs.entrySet();
        Set<String> live = new HashSet<>(client.getMap(ClientClusterManager.NODE_INFO_MAP).keySet().stream()
                .map(String::valueOf).toList());
        live.add(self);
        client.getCluster().getMembers().forEach(m -> live.add(m.getAttribute(ClientClusterManager.NODE_ID_ATTRIBUTE)));
        int removed = 0;
        for (Map.Entry<String, HazelcastRegistrationInfo> entry : listed) {
            if (!live.contains(entry.getValue().unwrap().nodeId()) && subs.remove(entry.getKey(), entry.getValue())) {
                removed++;
            }
        }
        if (removed > 0) {
            log.debug("removed {} event-bus subscription(s) of cluster clients gone without leaving", removed);
        }
    }
}
