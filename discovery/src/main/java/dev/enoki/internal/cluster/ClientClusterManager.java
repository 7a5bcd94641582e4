package dev.enoki.internal.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Completable;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.spi.cluster.hazelcast.impl.ConversionUtils;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastObjectProviderImpl;
import io.vertx.spi.cluster.hazelcast.impl.SubsMapHelper;
import io.vertx.spi.cluster.hazelcast.impl.SubsOpSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Vert.x node that reaches a cluster of {@code HazelcastClusterManager} members as a Hazelcast client, not as a
 * member: joining and leaving change no member list, so the members neither rebalance nor suspect anything, and a
 * command that only calls and looks starts in a fraction of a member's time.
 *
 * <p>It reads and writes the members' own structures, with the very value classes they use (Hazelcast writes a
 * value's class name with it, so only those classes are read back by the members): the {@code __vertx.subs}
 * multimap of event-bus subscriptions, the {@code __vertx.nodeInfo} map where a node's event-bus host and port are
 * found, so that members answer this node over its own event-bus server ({@link ClientNodeInfo}), and the async
 * maps, locks and counters. Its subscriptions and node info are removed on leave; no member notices the end of a
 * client that died without leaving, so the next client tidies after it ({@link AbandonedSubscriptions}).
 */
public final class ClientClusterManager implements ClusterManager {
    private static final Logger log = LoggerFactory.getLogger(ClientClusterManager.class);
    /** Where {@code HazelcastClusterManager} keeps a member's Vert.x node id. */
    static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";
    static final String NODE_INFO_MAP = "__vertx.nodeInfo";
    static final String SUBS_MAP = "__vertx.subs";

    private final ClientConfig config;
    private final Duration firstConnectionWait;
    private final String nodeId = UUID.randomUUID().toString();
    private VertxInternal vertx;
    private volatile HazelcastInstance client;
    private volatile boolean active;
    private ClientNodeInfo nodeInfo;
    private SubsMapHelper subscriptions;
    private HazelcastObjectProviderImpl objects;
    private ExecutorService lockRelease;
    private RegistrationListener registrationListener;
    private NodeListener nodeListener;
    /** This node's subscriptions, taken out of the cluster on leave without reading the whole multimap. */
    private final Set<Subscription> own = ConcurrentHashMap.newKeySet();

    /** {@code firstConnectionWait}: how long joining looks for a member before it fails. */
    public ClientClusterManager(ClientConfig config, Duration firstConnectionWait) {
        this.config = config;
        this.firstConnectionWait = firstConnectionWait;
    }

    @Override
    public void init(Vertx vertx) {
        this.vertx = (VertxInternal) vertx;
    }

    @Override
    public void registrationListener(RegistrationListener listener) {
        this.registrationListener = listener;
    }

    @Override
    public void nodeListener(NodeListener listener) {
        this.nodeListener = listener;
    }

    @Override
    public void join(Completable<Void> promise) {
        vertx.<Void>executeBlocking(() -> {
            client = FirstConnection.open(config, firstConnectionWait);
            try {
                nodeInfo = new ClientNodeInfo(vertx, client.getMap(NODE_INFO_MAP), nodeId, this::subscriptionsLost);
                subscriptions = new SubsMapHelper(client, registrationListener);
                lockRelease = Executors.newCachedThreadPool(r -> new Thread(r, "enoki-cluster-client-lock-release"));
                objects = new HazelcastObjectProviderImpl();
                objects.onJoin(vertx, new ConversionUtils(), client, lockRelease);
                client.getCluster().addMembershipListener(new MemberEvents(() -> active ? nodeListener : null));
                client.getLifecycleService().addLifecycleListener(this::onLifecycle);
            } catch (RuntimeException e) {
                client.shutdown();   // a failed join is not left to Vert.x to undo: leave does nothing unless joined
                throw e;
            }
            active = true;
            return null;
        }).onComplete(promise);
    }

    @Override
    public String getNodeId() {
        return nodeId;
    }

    /** The Hazelcast client, for structures of the cluster's own (event queues); null before the join. */
    public HazelcastInstance hazelcastInstance() {
        return client;
    }

    /** The members' node ids, then this node's: last, so it is never taken for the cluster's oldest node. */
    @Override
    public List<String> getNodes() {
        List<String> nodes = new ArrayList<>();
        HazelcastInstance c = client;
        if (c != null && active) {
            for (Member member : c.getCluster().getMembers()) {
                String id = member.getAttribute(NODE_ID_ATTRIBUTE);
                if (id != null) {
                    nodes.add(id);
                }
            }
        }
        nodes.add(nodeId);
        return nodes;
    }

    @Override
    public void setNodeInfo(NodeInfo info, Completable<Void> promise) {
        if (nodeInfo.set(info, promise)) {
            // Subscriptions of clients that died unannounced would have members try to reach them for ever
            vertx.executeBlocking(() -> {
                AbandonedSubscriptions.remove(client, nodeId);
                return null;
            }, false).onFailure(e -> log.debug("removing abandoned subscriptions: {}", e.getMessage()));
        }
    }

    /**
     * This node's entry had expired (the process was paused past the TTL, or the cluster is a new one), so another
     * client may have taken its subscriptions for abandoned: put them back.
     */
    private void subscriptionsLost() {
        log.debug("this client's node info had expired; putting its event-bus subscriptions back");
        vertx.executeBlocking(() -> {
            subscriptions.republishOwnSubs();
            return null;
        }, false).onFailure(e -> log.debug("putting subscriptions back: {}", e.getMessage()));
    }

    @Override
    public NodeInfo getNodeInfo() {
        return nodeInfo == null ? null : nodeInfo.get();
    }

    @Override
    public void getNodeInfo(String id, Completable<NodeInfo> promise) {
        nodeInfo.of(id).onComplete(promise);
    }

    @Override
    public <K, V> void getAsyncMap(String name, Completable<AsyncMap<K, V>> promise) {
        promise.succeed(objects.getAsyncMap(name));
    }

    @Override
    public <K, V> Map<K, V> getSyncMap(String name) {
        return objects.getSyncMap(name);
    }

    @Override
    public void getLockWithTimeout(String name, long timeout, Completable<Lock> promise) {
        vertx.executeBlocking(() -> objects.getLockWithTimeout(name, timeout), false).onComplete(promise);
    }

    @Override
    public void getCounter(String name, Completable<Counter> promise) {
        promise.succeed(objects.createCounter(name));
    }

    @Override
    public void addRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
        SubsOpSerializer.get(vertx.getOrCreateContext()).execute((a, i) -> {
            subscriptions.put(a, i);
            own.add(new Subscription(a, i));
        }, address, info, promise);
    }

    @Override
    public void removeRegistration(String address, RegistrationInfo info, Completable<Void> promise) {
        SubsOpSerializer.get(vertx.getOrCreateContext()).execute((a, i) -> {
            own.remove(new Subscription(a, i));
            subscriptions.remove(a, i);
        }, address, info, promise);
    }

    @Override
    public void getRegistrations(String address, Completable<List<RegistrationInfo>> promise) {
        vertx.executeBlocking(() -> subscriptions.get(address), false).onComplete(promise);
    }

    /** The address this process reaches the members from, for its event-bus server when none is configured. */
    @Override
    public String clusterHost() {
        HazelcastInstance c = client;
        if (c == null) {
            return null;
        }
        InetSocketAddress local = localAddress(c);
        return local == null ? null : local.getAddress().getHostAddress();
    }

    private static InetSocketAddress localAddress(HazelcastInstance c) {
        try {
            return c.getLocalEndpoint().getSocketAddress() instanceof InetSocketAddress address ? address : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String clusterPublicHost() {
        return null;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    /** Takes this node's subscriptions and node info out of the members' maps, then stops the client. */
    @Override
    public void leave(Completable<Void> promise) {
        vertx.<Void>executeBlocking(() -> {
            if (!active) {
                return null;
            }
            active = false;
            try {
                for (Subscription left : List.copyOf(own)) {
                    subscriptions.remove(left.address(), left.info());
                }
                subscriptions.close();
                nodeInfo.remove();
            } catch (RuntimeException e) {
                log.debug("leaving the cluster: {}", e.getMessage());
            } finally {
                lockRelease.shutdown();
                client.shutdown();
            }
            return null;
        }).onComplete(promise);
    }

    /**
     * After the client lost every member and found the cluster again, it may be a new one: be known there again (and
     * put the subscriptions back if this node's entry is gone).
     */
    private void onLifecycle(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED && active) {
            vertx.runOnContext(v -> nodeInfo.putAgain());
        }
    }

    private record Subscription(String address, RegistrationInfo info) {
    }
}
