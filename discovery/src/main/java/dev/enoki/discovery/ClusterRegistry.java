package dev.enoki.discovery;

import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.Completable;
import io.vertx.core.Closeable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The cluster-wide registry: records live in vertx-service-discovery's cluster map, one per running container, and
 * every node keeps a {@link RecordCache} of them fed by discovery's announces, so lookups never read the map.
 *
 * <p>Stale records are what the map cannot handle by itself (it has no TTL). Every heartbeat each node publishes
 * one small message naming its live instances; a record not named for longer than the TTL is hidden from lookups,
 * and comes back when its node is heard again (a long pause is not a death). When a node leaves the cluster
 * (Hazelcast membership, or absence from the member list at a sweep) its records are dropped at once, and a TTL
 * later, if it is still away, the oldest member removes them from the map so late joiners do not load them. A
 * heartbeat naming an instance this node does not know makes it read the map again, so a lost announce heals by
 * itself. A node merged back after a split publishes its records again, since the others purged them while it was
 * away; a node whose record of a running instance is withdrawn by another publishes it again; and a node whose
 * event-bus subscriptions vanished from the cluster map puts them back.
 *
 * <p>One registry per Vert.x instance, shared by its containers and clients; it runs on a context of its own and
 * closes with the Vert.x instance, withdrawing the records it still holds.
 */
public final class ClusterRegistry implements ServiceRegistry, Shareable, Closeable {
    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);
    static final String ANNOUNCE_ADDRESS = "enoki.discovery.announce";
    static final String HEARTBEAT_ADDRESS = "enoki.discovery.heartbeat";
    private static final String SHARED_MAP = "enoki.cluster-registry";

    private final VertxInternal vertx;
    private final ClusterManager clusterManager;
    private final DiscoveryOptions options;
    private final ContextInternal context;
    private final RecordCache cache;
    private final RecoveryState recovery;
    private final Map<String, Record> own = new ConcurrentHashMap<>();
    private final Promise<Void> ready = Promise.promise();
    private final AtomicBoolean started = new AtomicBoolean();
    private ServiceDiscovery discovery;
    private MessageConsumer<JsonObject> announces;
    private MessageConsumer<JsonObject> heartbeats;
    private MembershipWatcher membership;
    private long heartbeatTimer = -1;

    private ClusterRegistry(Vertx vertx, DiscoveryOptions options) {
        this.vertx = (VertxInternal) vertx;
        this.clusterManager = this.vertx.clusterManager();
        this.options = options;
        this.context = this.vertx.createEventLoopContext();
        this.cache = new RecordCache(options.ttl().toMillis());
        this.recovery = new RecoveryState(options.ttl());
    }

    /** The registry of this clustered Vert.x instance, made and started on first use with {@code options}. */
    public static ClusterRegistry of(Vertx vertx, DiscoveryOptions options) {
        if (!vertx.isClustered()) {
            throw new IllegalArgumentException("a cluster registry needs a clustered Vert.x instance");
        }
        LocalMap<String, ClusterRegistry> map = vertx.sharedData().getLocalMap(SHARED_MAP);
        ClusterRegistry registry = map.computeIfAbsent("registry", k -> new ClusterRegistry(vertx, options));
        registry.startOnce();
        return registry;
    }

    private void startOnce() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        vertx.addCloseHook(this);
        context.runOnContext(v -> {
            discovery = ServiceDiscovery.create(vertx, new ServiceDiscoveryOptions()
                    .setAnnounceAddress(ANNOUNCE_ADDRESS).setName(nodeId()));
            announces = vertx.eventBus().consumer(ANNOUNCE_ADDRESS, this::onAnnounce);
            heartbeats = vertx.eventBus().consumer(HEARTBEAT_ADDRESS, this::onHeartbeat);
            membership = new MembershipWatcher(clusterManager, node -> context.runOnContext(x -> nodeLeft(node)),
                    () -> context.runOnContext(x -> rejoined()));
            Future.all(announces.completion(), heartbeats.completion())
                    .compose(x -> reload())
                    .onComplete(ready);
            heartbeatTimer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> {
                beat();
                sweep();
                checkHearing();
            });
        });
    }

    public DiscoveryOptions options() {
        return options;
    }

    /** Completes once this node has read the records already in the cluster. */
    public Future<Void> ready() {
        return ready.future();
    }

    @Override
    public boolean connected() {
        return clusterManager.isActive();
    }

    @Override
    public String nodeId() {
        return clusterManager.getNodeId();
    }

    @Override
    public Future<Void> publish(ServiceRecord record) {
        return ready.future().compose(v -> discovery.publish(DiscoveryRecords.toDiscovery(record)))
                .map(published -> {
                    own.put(record.instanceId(), published);
                    cache.put(record);
                    log.debug("published {} instance {}", record.service(), record.instanceId());
                    return null;
                });
    }

    @Override
    public Future<Void> withdraw(ServiceRecord record) {
        cache.remove(record.instanceId());
        Record mine = own.remove(record.instanceId());
        if (mine == null) {
            return Future.succeededFuture();
        }
        return discovery.unpublish(mine.getRegistration()).recover(e -> {
            log.debug("withdrawing {} found it gone already: {}", record.instanceId(), e.getMessage());
            return Future.succeededFuture();
        });
    }

    @Override
    public Future<List<ServiceRecord>> instances(String service) {
        if (ready.future().succeeded()) {
            return Future.succeededFuture(cache.live(service));
        }
        return ready.future().map(v -> cache.live(service));
    }

    @Override
    public Future<List<ServiceRecord>> all() {
        return ready.future().map(v -> cache.allLive());
    }

    @Override
    public Future<List<EventSubscription>> poolSubscriptions(String source, String eventType) {
        return all().map(records -> LocalRegistry.poolSubscriptionsOf(records, source, eventType));
    }

    /**
     * Every live instance, with whether its heartbeats are on time, as the JSON of {@link RegistryView}, and the
     * cluster's event queues ({@link ClusterEventQueues}) as {@code eventQueues}.
     */
    public Future<JsonObject> view() {
        return ready.future().map(v -> {
            long now = System.nanoTime();
            long healthyWithin = options.ttl().toMillis() / 2;
            List<RegistryView.Instance> instances = new ArrayList<>();
            for (RecordCache.Entry e : cache.entries()) {
                if (!cache.silent(e, now)) {
                    long age = e.ageMillis(now);
                    instances.add(new RegistryView.Instance(e.record, age <= healthyWithin, age));
                }
            }
            return RegistryView.toJson(nodeId(), options.ttl().toMillis(), instances);
        }).compose(view -> eventQueues()
                .otherwise(e -> new JsonArray().add(new JsonObject().put("error", e.toString())))
                .map(queues -> view.put("eventQueues", queues)));
    }

    @Override
    public Future<JsonArray> eventQueues() {
        return ready.future().compose(v -> ClusterEventQueues.of(vertx, cache.allLive()));
    }

    private void onAnnounce(Message<JsonObject> message) {
        Record record = new Record(message.body());
        if (!DiscoveryRecords.isEnoki(record)) {
            return;
        }
        String instanceId = DiscoveryRecords.instanceIdOf(record);
        if (record.getStatus() == Status.UP) {
            cache.put(DiscoveryRecords.fromDiscovery(record));
        } else if (own.containsKey(instanceId)) {
            republish(instanceId);
        } else {
            cache.remove(instanceId);
        }
    }

    /**
     * Another node withdrew a record of an instance this node still runs: a purge that read the map while this node
     * was split off and removed the records after its merge had put them back. Without this the others would drop
     * the instance and their reloads would never find it again.
     */
    private void republish(String instanceId) {
        Record mine = own.get(instanceId);
        if (mine != null) {
            log.info("instance {} of this node was withdrawn by another node; publishing it again", instanceId);
            discovery.update(mine).onFailure(e -> log.warn("publishing {} again: {}", instanceId, e.getMessage()));
        }
    }

    /** Another node is alive: its instances are refreshed; one never announced here makes this node read the map. */
    private void onHeartbeat(Message<JsonObject> message) {
        if (nodeId().equals(message.body().getString("node"))) {
            recovery.ownBeatHeard();
        }
        boolean unknown = false;
        for (Object id : message.body().getJsonArray("instances", new JsonArray())) {
            unknown |= !cache.touch(String.valueOf(id));
        }
        if (unknown && recovery.mayReloadForUnknownInstance()) {
            reload();
        }
    }

    /** Reads the whole cluster map into the cache: at start, and to heal a missed announce. */
    private Future<Void> reload() {
        recovery.reloadStarted();
        return discovery.getRecords(DiscoveryRecords::isEnoki, false).map(records -> {
            records.forEach(r -> cache.put(DiscoveryRecords.fromDiscovery(r)));
            sweep();
            return (Void) null;
        }).onComplete(r -> recovery.reloadEnded());
    }

    /**
     * Tells every node that this node's instances are alive. A node without instances (a client) beats too, with
     * none named: hearing its own beat is how it learns its subscriptions are still in the cluster map.
     */
    private void beat() {
        JsonObject alive = new JsonObject().put("node", nodeId()).put("instances", new JsonArray(List.copyOf(own.keySet())));
        vertx.eventBus().publish(HEARTBEAT_ADDRESS, alive);
    }

    /**
     * A node whose event-bus subscriptions are gone from the cluster map (see
     * {@link MembershipWatcher#republishSubscriptions}) no longer gets the others' messages, announces and calls.
     * Each beat it asks the map whether its heartbeat consumer is still listed, so it notices within a beat, before
     * the TTL hides the instances it can no longer hear; a heartbeat of its own not heard for a TTL tells it too,
     * with any cluster manager. Either way it puts them back, announces its records again and reads the others'.
     */
    private void checkHearing() {
        if (recovery.resubscribing()) {
            return;
        }
        if (recovery.ownBeatOverdue()) {
            resubscribe("this node has not heard its own heartbeat for " + recovery.ownBeatSilenceMillis() + " ms");
        } else if (ready.future().succeeded() && recovery.startSubscriptionLookup()) {
            Promise<List<RegistrationInfo>> listed = context.promise();
            clusterManager.getRegistrations(HEARTBEAT_ADDRESS, listed);
            listed.future().onComplete(found -> {
                recovery.subscriptionLookupEnded();
                if (found.succeeded() && !recovery.resubscribing()
                        && found.result().stream().noneMatch(r -> r.nodeId().equals(nodeId()))) {
                    resubscribe("this node's heartbeat consumer is no longer in the cluster map");
                }
            });
        }
    }

    private void resubscribe(String why) {
        recovery.resubscribeStarted();
        log.warn("{}: its event-bus subscriptions are gone from the cluster; publishing them and its {} service "
                + "record(s) again", why, own.size());
        vertx.<Void>executeBlocking(() -> {
            membership.republishSubscriptions();
            return null;
        }, false).onComplete(done -> {
            if (done.failed()) {
                log.warn("publishing subscriptions again: {}", done.cause().getMessage());
            }
            // Announces and heartbeats sent meanwhile never arrived: read the map too.
            publishOwnAgain().transform(x -> reload()).onComplete(x -> recovery.resubscribeEnded());
        });
    }

    /** Puts every record of this node in the map again and announces it. */
    private Future<?> publishOwnAgain() {
        return Future.join(own.values().stream().map(discovery::update).toList());
    }

    /** Drops others' records whose node is no longer in the cluster. */
    private void sweep() {
        Set<String> nodes = membership.liveNodes();
        List<ServiceRecord> gone = cache.removeIf(e -> !own.containsKey(e.record.instanceId())
                && !nodes.contains(e.record.nodeId()));
        if (!gone.isEmpty()) {
            log.info("dropped {} service record(s) of nodes no longer in the cluster", gone.size());
            purgeLater(gone.stream().map(ServiceRecord::nodeId).collect(Collectors.toSet()));
        }
    }

    private void nodeLeft(String nodeId) {
        List<ServiceRecord> gone = cache.removeIf(e -> e.record.nodeId().equals(nodeId));
        log.info("node {} left the cluster; dropped its {} service record(s)", nodeId, gone.size());
        purgeLater(Set.of(nodeId));
    }

    /**
     * Removes the records of departed nodes from the cluster map one TTL later, if they are still away then. A node
     * cut off from the others sees every one of them leave and is the oldest of its own small cluster; removals it
     * started at once could reach the cluster just after it merges back and delete the records of live nodes.
     */
    private void purgeLater(Set<String> departed) {
        vertx.setTimer(options.ttl().toMillis(), id -> {
            if (!clusterManager.isActive()) {
                return;   // this node has left the cluster meanwhile: the map is no longer its to tidy
            }
            Set<String> live = membership.liveNodes();
            Set<String> stillAway = departed.stream().filter(n -> !live.contains(n)).collect(Collectors.toSet());
            if (!stillAway.isEmpty()) {
                purge(r -> stillAway.contains(DiscoveryRecords.nodeIdOf(r)));
            }
        });
    }

    /**
     * This node was split off and has been merged back. While it was away the others dropped its records and the
     * oldest of them purged them from the map, and the merge may not bring them back, so the others' reloads
     * would never find them again: put them back and announce them, and read what the others hold.
     */
    private void rejoined() {
        log.info("merged back into the cluster after a split; publishing its {} service record(s) again", own.size());
        publishOwnAgain()
                .onFailure(e -> log.warn("publishing records again after a merge: {}", e.getMessage()))
                .onComplete(x -> reload());
    }

    /** On the oldest member only: removes matching records from the cluster map (a whole-map read, so rare). */
    private void purge(Predicate<Record> stale) {
        if (!membership.isOldest()) {
            return;
        }
        discovery.getRecords(r -> DiscoveryRecords.isEnoki(r) && stale.test(r), true)
                .compose(records -> Future.join(records.stream()
                        .map(r -> discovery.unpublish(r.getRegistration())).toList()))
                .onFailure(e -> log.debug("purging stale records: {}", e.getMessage()));
    }

    /** Withdraws what this node still holds and stops; done when the Vert.x instance closes. */
    @Override
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        close(done);
        return done.future();
    }

    @Override
    public void close(Completable<Void> completion) {
        context.runOnContext(v -> {
            vertx.cancelTimer(heartbeatTimer);
            if (membership != null) {
                membership.close();
            }
            List<Future<Void>> withdrawals = new ArrayList<>();
            for (Record mine : List.copyOf(own.values())) {
                withdrawals.add(withdraw(DiscoveryRecords.fromDiscovery(mine)));
            }
            Future.join(withdrawals)
                    .eventually(() -> announces == null ? Future.succeededFuture() : announces.unregister())
                    .eventually(() -> heartbeats == null ? Future.succeededFuture() : heartbeats.unregister())
                    .onComplete(x -> {
                        if (discovery != null) {
                            discovery.close();
                        }
                        completion.succeed();
                    });
        });
    }
}
