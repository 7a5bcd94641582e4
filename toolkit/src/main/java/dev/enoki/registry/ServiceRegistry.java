package dev.enoki.registry;

import dev.enoki.transport.EventSubscription;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.util.List;

/**
 * Which services run where. The toolkit's {@link LocalRegistry} knows the containers of one Vert.x instance; on
 * RabbitMQ the toolkit's own registry knows every node on the broker and the Nameko services found there
 * ({@code toolkit/AMQP.md}); a discovery module makes it cluster-wide by providing a {@link RegistryFactory}.
 */
public interface ServiceRegistry {

    /** This node's id, as written into the records it publishes. */
    String nodeId();

    Future<Void> publish(ServiceRecord record);

    /** Removes the record with this record's instance id. */
    Future<Void> withdraw(ServiceRecord record);

    /** The live instances of a service; empty when it is unknown. */
    Future<List<ServiceRecord>> instances(String service);

    /** Every live instance of every service. */
    Future<List<ServiceRecord>> all();

    /**
     * The SERVICE_POOL subscriptions to an event, one per subscribing service and method, however many instances
     * each has.
     */
    Future<List<EventSubscription>> poolSubscriptions(String source, String eventType);

    /**
     * The handler queues that keep events where the transport has no broker (on a Hazelcast cluster), each with its
     * depth and whether a live instance still subscribes to it; none by default.
     */
    default Future<JsonArray> eventQueues() {
        return Future.succeededFuture(new JsonArray());
    }

    /** Whether the registry is in touch with its peers now (its cluster membership is active); for readiness checks. */
    default boolean connected() {
        return true;
    }

    /** Releases what this registry holds for its owner. */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
