package dev.enoki.discovery;

import com.hazelcast.core.HazelcastInstance;
import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import dev.enoki.internal.cluster.ClientClusterManager;
import dev.enoki.transport.EventQueues;
import dev.enoki.transport.EventQueuesFactory;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Found by the toolkit with {@link java.util.ServiceLoader}: on a Vert.x instance clustered with Hazelcast (a member
 * or a client) the event bus keeps reliable events in {@link HazelcastEventQueues}. Setting: {@code max_deliveries}
 * (as on RabbitMQ, default {@value #DEFAULT_MAX_DELIVERIES}); the queues' size is a member setting,
 * {@link ClusterOptions#eventQueueSize()}.
 */
public final class HazelcastEventQueuesFactory implements EventQueuesFactory {
    static final int DEFAULT_MAX_DELIVERIES = 5;
    private static final long SWEEP_INTERVAL_MILLIS = 1_000;

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean accepts(Vertx vertx, JsonObject config) {
        return vertx.isClustered() && hazelcastOf(vertx) != null;
    }

    @Override
    public EventQueues create(Vertx vertx, JsonObject config, String owner) {
        int maxDeliveries = ConfigValues.integer(config, "max_deliveries", DEFAULT_MAX_DELIVERIES);
        if (maxDeliveries < 1) {
            throw new ConfigurationError("max_deliveries must be at least 1");
        }
        HazelcastInstance hazelcast = hazelcastOf(vertx);
        AbandonedEvents.startOnce(vertx, hazelcast, SWEEP_INTERVAL_MILLIS);
        return new HazelcastEventQueues(vertx, hazelcast, ((VertxInternal) vertx).clusterManager().getNodeId(),
                maxDeliveries);
    }

    static HazelcastInstance hazelcastOf(Vertx vertx) {
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        if (manager instanceof HazelcastClusterManager member) {
            return member.getHazelcastInstance();
        }
        if (manager instanceof ClientClusterManager client) {
            return client.hazelcastInstance();
        }
        return null;
    }
}
