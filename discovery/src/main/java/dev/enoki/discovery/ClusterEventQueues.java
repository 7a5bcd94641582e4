package dev.enoki.discovery;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.enoki.ConfigurationError;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.transport.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The cluster's event queues for operators: each declared handler queue with its depth, its dead letters and
 * whether a live instance still subscribes to it (a queue nobody subscribes to keeps collecting events until it is
 * purged), and the purge itself. Outside a Hazelcast cluster there are none.
 *
 * <pre>{@code
 * [{"queue": "evt-orders-created--emails.on_created", "source": "orders", "event": "created", "service": "emails",
 *   "method": "onCreated", "type": "SERVICE_POOL", "depth": 12, "dead": 0, "subscribed": true}]
 * }</pre>
 */
public final class ClusterEventQueues {

    private ClusterEventQueues() {
    }

    /** Every declared queue as above, given the live instances; empty outside a Hazelcast cluster. */
    public static Future<JsonArray> of(Vertx vertx, List<ServiceRecord> live) {
        HazelcastInstance hazelcast = HazelcastEventQueuesFactory.hazelcastOf(vertx);
        if (hazelcast == null) {
            return Future.succeededFuture(new JsonArray());
        }
        Set<String> subscribed = live.stream().flatMap(r -> r.subscriptions().stream())
                .map(EventSubscription::queue).collect(Collectors.toSet());
        return vertx.executeBlocking(() -> {
            EventQueueStore store = new EventQueueStore(hazelcast);
            Map<String, String> declared = new TreeMap<>(hazelcast.<String, String>getMap(HazelcastEventQueues.DECLARED));
            JsonArray queues = new JsonArray();
            declared.forEach((queue, subscription) -> queues.add(new JsonObject().put("queue", queue)
                    .mergeIn(EventSubscription.fromJson(new JsonObject(subscription)).toJson())
                    .put("depth", store.depth(queue)).put("dead", store.depth(queue + EventQueueStore.DEAD_SUFFIX))
                    .put("subscribed", subscribed.contains(queue))));
            return queues;
        }, false);
    }

    /**
     * Drops a declared queue, its events and its dead letters; how many events were dropped. A handler still
     * subscribing declares it again when it next starts. Fails with {@link ConfigurationError} for an unknown queue.
     */
    public static Future<Integer> purge(Vertx vertx, String queue) {
        HazelcastInstance hazelcast = HazelcastEventQueuesFactory.hazelcastOf(vertx);
        if (hazelcast == null) {
            return Future.failedFuture(new ConfigurationError("event queues exist on a Hazelcast cluster only"));
        }
        return vertx.executeBlocking(() -> {
            IMap<String, String> declared = hazelcast.getMap(HazelcastEventQueues.DECLARED);
            if (declared.remove(queue) == null) {
                throw new ConfigurationError("no event queue " + queue + " is declared in this cluster");
            }
            return new EventQueueStore(hazelcast).purge(queue);
        }, false);
    }
}
