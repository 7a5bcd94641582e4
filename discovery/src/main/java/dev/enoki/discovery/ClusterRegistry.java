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
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The cluster-wide registry: records live in vertx-service-discovery's cluster map, one per running container, and
 * every node keeps a {@link RecordCache} of them fed by discovery's announces, so lookups never read the map.
 *
 * <p>Stale records are what the map cannot handle by itself (it has no TTL): each node refreshes its own records
 * every heartbeat; every node drops from its cache the records of nodes that left the cluster (Hazelcast membership)
 * and records silent for longer than the TTL; and the oldest member removes both kinds from the map, so late
 * joiners do not load them. A live node whose record was purged writes it back at its next heartbeat.
 *
 * <p>One registry per Vert.x instance, shared by its containers and clients; it runs on a context of its own and
 * closes with the Vert.x instance, withdrawing the records it still holds.
 */
public final class ClusterRegistry implements ServiceRegistry, Shareable, Closeable {
    private static final Logger log = LoggerFactory.getLogger(ClusterRegistry.class);
    static final String ANNOUNCE_ADDRESS = "enoki.discovery.announce";
    private static final String SHARED_MAP = "enoki.cluster-registry";

    private final VertxInternal vertx;
    private final ClusterManager clusterManager;
    private final DiscoveryOptions options;
    private final ContextInternal context;
    private final RecordCache cache;
    private final Map<String, OwnRecord> own = new ConcurrentHashMap<>();
    private final Promise<Void> ready = Promise.promise();
    private final AtomicBoolean started = new AtomicBoolean();
    private ServiceDiscovery discovery;
    private MessageConsumer<JsonObject> announces;
    private MembershipWatcher membership;
    private long heartbeatTimer = -1;

    private ClusterRegistry(Vertx vertx, DiscoveryOptions options) {
        this.vertx = (VertxInternal) vertx;
        this.clusterManager = this.vertx.clusterManager();
        this.options = options;
        this.context = this.vertx.createEventLoopContext();
        this.cache = new RecordCache(options.ttl().toMillis());
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
            membership = new MembershipWatcher(clusterManager, node -> context.runOnContext(x -> nodeLeft(node)));
            announces.completion()
                    .compose(x -> discovery.getRecords(r -> true, false))
                    .onSuccess(this::load)
                    .<Void>mapEmpty()
                    .onComplete(ready);
            heartbeatTimer = vertx.setPeriodic(options.heartbeat().toMillis(), id -> {
                beat();
                sweep();
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
    public String nodeId() {
        return clusterManager.getNodeId();
    }

    @Override
    public Future<Void> publish(ServiceRecord record) {
        return ready.future().compose(v -> discovery.publish(DiscoveryRecords.toDiscovery(record, now())))
                .map(published -> {
                    own.put(record.instanceId(), new OwnRecord(published));
                    cache.put(record, 0);
                    log.debug("published {} instance {}", record.service(), record.instanceId());
                    return null;
                });
    }

    @Override
    public Future<Void> withdraw(ServiceRecord record) {
        cache.remove(record.instanceId());
        OwnRecord mine = own.remove(record.instanceId());
        if (mine == null) {
            return Future.succeededFuture();
        }
        return mine.withdraw(() -> discovery.unpublish(mine.registration()))
                .recover(e -> {
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

    /** Every live instance, with whether its heartbeats are on time, as the JSON of {@link RegistryView}. */
    public Future<JsonObject> view() {
        return ready.future().map(v -> {
            long now = System.nanoTime();
            long healthyWithin = options.heartbeat().toMillis() * 2;
            List<RegistryView.Instance> instances = new ArrayList<>();
            for (RecordCache.Entry e : cache.entries()) {
                if (!cache.expired(e, now)) {
                    long age = e.ageMillis(now);
                    instances.add(new RegistryView.Instance(e.record, age <= healthyWithin, age));
                }
            }
            return RegistryView.toJson(nodeId(), options.ttl().toMillis(), instances);
        });
    }

    private void onAnnounce(Message<JsonObject> message) {
        Record record = new Record(message.body());
        if (!DiscoveryRecords.isEnoki(record)) {
            return;
        }
        if (record.getStatus() == Status.UP) {
            cache.put(DiscoveryRecords.fromDiscovery(record), 0);
        } else {
            cache.remove(DiscoveryRecords.instanceIdOf(record));
        }
    }

    /** Takes in the records already in the map, aged by their last heartbeat, then drops the dead ones. */
    private void load(List<Record> records) {
        long now = now();
        for (Record r : records) {
            if (DiscoveryRecords.isEnoki(r)) {
                cache.put(DiscoveryRecords.fromDiscovery(r), now - DiscoveryRecords.heartbeatOf(r));
            }
        }
        sweep();
    }

    /** Refreshes this node's records so they outlive the TTL everywhere. */
    private void beat() {
        for (OwnRecord mine : own.values()) {
            mine.then(() -> discovery.update(DiscoveryRecords.withHeartbeat(mine.record, now())));
        }
    }

    /** Drops records of nodes no longer in the cluster and records silent past the TTL. */
    private void sweep() {
        Set<String> nodes = membership.liveNodes();
        long now = System.nanoTime();
        List<String> gone = cache.removeIf(e -> !nodes.contains(e.record.nodeId()) || cache.expired(e, now));
        if (!gone.isEmpty()) {
            log.info("dropped {} stale service record(s): their node left or stopped refreshing them", gone.size());
            Set<String> ids = new HashSet<>(gone);
            purge(r -> ids.contains(DiscoveryRecords.instanceIdOf(r)));
        }
    }

    private void nodeLeft(String nodeId) {
        List<String> gone = cache.removeIf(e -> e.record.nodeId().equals(nodeId));
        log.info("node {} left the cluster; dropped its {} service record(s)", nodeId, gone.size());
        purge(r -> nodeId.equals(DiscoveryRecords.nodeIdOf(r)));
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

    private static long now() {
        return System.currentTimeMillis();
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
            for (OwnRecord mine : List.copyOf(own.values())) {
                withdrawals.add(withdraw(DiscoveryRecords.fromDiscovery(mine.record)));
            }
            Future.join(withdrawals)
                    .eventually(() -> announces == null ? Future.succeededFuture() : announces.unregister())
                    .onComplete(x -> {
                        if (discovery != null) {
                            discovery.close();
                        }
                        completion.succeed();
                    });
        });
    }

    /** A record this node published: its heartbeats and its withdrawal run one after another, never crossed. */
    private static final class OwnRecord {
        final Record record;
        private Future<?> last = Future.succeededFuture();
        private volatile boolean withdrawn;

        OwnRecord(Record record) {
            this.record = record;
        }

        String registration() {
            return record.getRegistration();
        }

        synchronized void then(Supplier<Future<?>> step) {
            last = last.transform(x -> withdrawn ? Future.succeededFuture() : step.get());
        }

        synchronized Future<Void> withdraw(Supplier<Future<?>> step) {
            withdrawn = true;
            Future<Void> done = last.transform(x -> step.get()).mapEmpty();
            last = done;
            return done;
        }
    }
}
