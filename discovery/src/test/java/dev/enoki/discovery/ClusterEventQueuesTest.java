package dev.enoki.discovery;

import com.hazelcast.core.HazelcastInstance;
import dev.enoki.EnokiClient;
import dev.enoki.internal.cluster.QueuedEvent;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's event queues with a node in a JVM of its own (B) and this JVM as node A, which dispatches: a failing
 * {@code requeueOnError} handler runs {@code max_deliveries} times, then its event is a dead letter; the queue is
 * listed with its depth and purged.
 */
class ClusterEventQueuesTest {
    private static final String QUEUE = "evt-jobs-submitted--failing_jobs.on_job";
    private TestCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aFailingRequeueOnErrorHandlerRunsMaxDeliveriesTimesThenItsEventIsADeadLetter() {
        cluster = new TestCluster(List.of("A", "B"), new JsonObject(), new JsonObject());
        EnokiClient client = cluster.startLocal();
        NodeProcess node = cluster.startNode("B", "failing_jobs");
        node.awaitReady();
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.registry().instances("failing_jobs").await().size() == 1);

        client.dispatch("jobs", "submitted", "job-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> hazelcast().getQueue(QUEUE + ".dead").size() == 1);
        String dead = hazelcast().<String>getQueue(QUEUE + ".dead").peek();
        assertThat(QueuedEvent.decode(dead).deliveries()).isEqualTo(5);
        assertThat(QueuedEvent.decode(dead).body().toString()).isEqualTo("\"job-1\"");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10))
                .until(() -> node.reports("EVENT").size() == 5);
        assertThat(hazelcast().getQueue(QUEUE).size()).isZero();
        assertThat(hazelcast().getMap(EventQueueStore.IN_FLIGHT).size()).isZero();

        JsonArray queues = cluster.registry().eventQueues().await();
        assertThat(queues).hasSize(1);
        assertThat(queues.getJsonObject(0).getMap()).containsEntry("queue", QUEUE).containsEntry("depth", 0)
                .containsEntry("dead", 1).containsEntry("subscribed", true);
        assertThat(ClusterEventQueues.purge(cluster.local(), QUEUE).await()).isEqualTo(1);
        assertThat(cluster.registry().eventQueues().await()).isEmpty();
    }

    private HazelcastInstance hazelcast() {
        return ((HazelcastClusterManager) ((VertxInternal) cluster.local()).clusterManager()).getHazelcastInstance();
    }
}
