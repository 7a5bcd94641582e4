package dev.enoki.discovery;

import com.hazelcast.multimap.MultiMap;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry itself across JVMs: B joins first and A (this JVM, a client with no service of its own) loads B's
 * records when it joins; the JSON view; the TTL on its own, with Hazelcast told to wait a minute before dropping a
 * silent member, so only missed heartbeats can make B's records go; and A, deaf after losing its subscriptions,
 * keeping its view and putting them back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRegistryTest {
    private static final Duration TTL = Duration.ofSeconds(4);

    private static TestCluster cluster;
    private static ClusterRegistry registry;
    private static NodeProcess b;

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(List.of("A", "B"),
                new JsonObject().put("ttl", TTL.toMillis() + "ms").put("heartbeat", "500ms"),
                new JsonObject().put("failure_timeout", "60s"));
        b = cluster.startNode("B", "greeter,listener").awaitReady();
        cluster.startLocal();
        registry = cluster.registry();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void nodeJoiningLaterLoadsTheRecordsAlreadyInTheCluster() {
        registry.ready().await();
        assertThat(TestCluster.instancesOn(registry, "greeter", b.nodeId())).isEqualTo(1);
        assertThat(TestCluster.instancesOn(registry, "listener", b.nodeId())).isEqualTo(1);
    }

    @Test
    @Order(2)
    void viewListsServicesWithInstancesMethodsAndSubscriptions() {
        JsonObject view = registry.view().await();
        assertThat(view.getString("node")).isEqualTo(registry.nodeId());
        assertThat(view.getLong("ttlMillis")).isEqualTo(TTL.toMillis());
        JsonArray services = view.getJsonArray("services");
        assertThat(services.stream().map(s -> ((JsonObject) s).getString("name"))).containsExactly("greeter", "listener");

        JsonObject greeter = services.getJsonObject(0);
        JsonObject instance = greeter.getJsonArray("instances").getJsonObject(0);
        assertThat(instance.getString("node")).isEqualTo(b.nodeId());
        assertThat(instance.getBoolean("healthy")).isTrue();
        assertThat(instance.getLong("since")).isPositive();
        JsonObject hello = greeter.getJsonArray("methods").stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("name").equals("hello")).findFirst().orElseThrow();
        assertThat(hello.getJsonArray("parameters").getJsonObject(0).getMap())
                .containsEntry("name", "name").containsEntry("type", "java.lang.String");

        JsonArray subscriptions = services.getJsonObject(1).getJsonArray("subscriptions");
        assertThat(subscriptions.stream().map(s -> ((JsonObject) s).getString("type")))
                .containsExactlyInAnyOrder("SERVICE_POOL", "SINGLETON", "BROADCAST");
    }

    @Test
    @Order(3)
    void recordsOfANodeThatStopsHeartbeatingExpireAfterTheTtlAndComeBackWhenItResumes()
            throws IOException, InterruptedException {
        long frozenAt = System.nanoTime();
        b.signal("STOP");
        try {
            await().atMost(TTL.plusSeconds(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> registry.instances("greeter").await().isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - frozenAt)).isGreaterThanOrEqualTo(TTL.minusMillis(600));
            assertThat(cluster.local().isClustered()).isTrue();
        } finally {
            b.signal("CONT");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> TestCluster.instancesOn(registry, "greeter", b.nodeId()) == 1);
    }

    @Test
    @Order(4)
    void aRecordOfARunningInstanceWithdrawnByAnotherNodeIsPublishedAgainByItsOwner() {
        ServiceDiscovery other = ServiceDiscovery.create(cluster.local(), new ServiceDiscoveryOptions()
                .setAnnounceAddress(ClusterRegistry.ANNOUNCE_ADDRESS).setName("purging-node"));
        try {
            Record greeter = greeterOf(other);
            assertThat(greeter).isNotNull();
            // What the oldest member's purge does when it read the map while B was away and removes after B is back.
            other.unpublish(greeter.getRegistration()).await();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> greeterOf(other) != null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> TestCluster.instancesOn(registry, "greeter", b.nodeId()) == 1);
        } finally {
            other.close();
        }
    }

    @Test
    @Order(5)
    void aNodeWithoutInstancesWhoseSubscriptionsVanishFromTheClusterKeepsItsViewAndPutsThemBack() {
        // What a clean-up queued by a member while it was split off does: this node's entries leave the map, so
        // B's heartbeats stop reaching it. It runs no service, so only its own look at the map can tell it.
        AtomicInteger beatsOfB = new AtomicInteger();
        MessageConsumer<JsonObject> beats = cluster.local().eventBus().consumer(ClusterRegistry.HEARTBEAT_ADDRESS,
                beat -> {
                    if (b.nodeId().equals(beat.body().getString("node"))) {
                        beatsOfB.incrementAndGet();
                    }
                });
        beats.completion().await();
        MultiMap<String, HazelcastRegistrationInfo> subscriptions = subscriptions();
        String self = registry.nodeId();
        subscriptions.entrySet().stream().filter(e -> e.getValue().unwrap().nodeId().equals(self))
                .forEach(e -> subscriptions.remove(e.getKey(), e.getValue()));
        assertThat(subscribedHere(ClusterRegistry.HEARTBEAT_ADDRESS)).isFalse();

        // It notices within a beat and puts them back before the TTL would hide B, so B stays listed throughout.
        AtomicInteger pollsWithoutB = new AtomicInteger();
        await().atMost(TTL.multipliedBy(3)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (TestCluster.instancesOn(registry, "greeter", b.nodeId()) != 1) {
                pollsWithoutB.incrementAndGet();
            }
            return subscribedHere(ClusterRegistry.HEARTBEAT_ADDRESS);
        });
        assertThat(pollsWithoutB).as("polls in which B was not listed").hasValue(0);

        beatsOfB.set(0);
        await().atMost(TTL).until(() -> beatsOfB.get() > 0);
        beats.unregister().await();
    }

    private static MultiMap<String, HazelcastRegistrationInfo> subscriptions() {
        HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) cluster.local()).clusterManager();
        return manager.getHazelcastInstance().getMultiMap("__vertx.subs");
    }

    private boolean subscribedHere(String address) {
        return subscriptions().get(address).stream().anyMatch(r -> r.unwrap().nodeId().equals(registry.nodeId()));
    }

    private Record greeterOf(ServiceDiscovery discovery) {
        List<Record> records = discovery.getRecords(r -> DiscoveryRecords.isEnoki(r)
                && b.nodeId().equals(DiscoveryRecords.nodeIdOf(r))
                && DiscoveryRecords.fromDiscovery(r).service().equals("greeter"), true).await();
        return records.isEmpty() ? null : records.get(0);
    }
}
