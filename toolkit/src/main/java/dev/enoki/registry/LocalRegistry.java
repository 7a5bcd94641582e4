package dev.enoki.registry;

import dev.enoki.HandlerType;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The containers of one Vert.x instance; every container on that instance shares one. */
public final class LocalRegistry implements ServiceRegistry, Shareable {
    private static final String MAP = "enoki.local-registry";

    private final String nodeId = UUID.randomUUID().toString();
    private final Map<String, ServiceRecord> records = new ConcurrentHashMap<>();
    /** Each service's instances, answered without a search or a copy: records change rarely, calls often. */
    private final Map<String, Future<List<ServiceRecord>>> byService = new ConcurrentHashMap<>();

    private LocalRegistry() {
    }

    /** The registry of this Vert.x instance, made on first use. */
    public static LocalRegistry of(Vertx vertx) {
        LocalMap<String, LocalRegistry> map = vertx.sharedData().getLocalMap(MAP);
        return map.computeIfAbsent("registry", k -> new LocalRegistry());
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public Future<Void> publish(ServiceRecord record) {
        synchronized (byService) {
            ServiceRecord previous = records.put(record.instanceId(), record);
            reindex(record.service());
            if (previous != null && !previous.service().equals(record.service())) {
                reindex(previous.service());
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> withdraw(ServiceRecord record) {
        synchronized (byService) {
            ServiceRecord removed = records.remove(record.instanceId());
            reindex(record.service());
            if (removed != null && !removed.service().equals(record.service())) {
                reindex(removed.service());
            }
        }
        return Future.succeededFuture();
    }

    private void reindex(String service) {
        List<ServiceRecord> instances = records.values().stream().filter(r -> r.service().equals(service)).toList();
        if (instances.isEmpty()) {
            byService.remove(service);
        } else {
            byService.put(service, Future.succeededFuture(instances));
        }
    }

    @Override
    public Future<List<ServiceRecord>> instances(String service) {
        Future<List<ServiceRecord>> known = byService.get(service);
        return known != null ? known : Future.succeededFuture(List.of());
    }

    @Override
    public Future<List<ServiceRecord>> all() {
        return Future.succeededFuture(new ArrayList<>(records.values()));
    }

    @Override
    public Future<List<EventSubscription>> poolSubscriptions(String source, String eventType) {
        return Future.succeededFuture(poolSubscriptionsOf(records.values(), source, eventType));
    }

    /** The distinct SERVICE_POOL subscriptions to an event among some records. */
    public static List<EventSubscription> poolSubscriptionsOf(Iterable<ServiceRecord> records, String source,
                                                              String eventType) {
        Set<EventSubscription> found = new LinkedHashSet<>();
        for (ServiceRecord record : records) {
            for (EventSubscription s : record.subscriptions()) {
                if (s.type() == HandlerType.SERVICE_POOL && s.source().equals(source)
                        && s.eventType().equals(eventType)) {
                    found.add(s);
                }
            }
        }
        return List.copyOf(found);
    }
}
