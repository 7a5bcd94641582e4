package dev.enoki.discovery;

import dev.enoki.testsupport.FreePorts;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process that only calls and looks reaches the members as a Hazelcast client: the members answer it over the
 * event bus from the structures their own cluster manager keeps, see no new member, and are left with nothing of it
 * once it has gone, whether it left or died.
 */
class ClusterClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ClusterOptions options = new ClusterOptions().setName("enoki-client-test-" + UUID.randomUUID())
            .setPort(FreePorts.next()).setPortAutoIncrement(false);
    private Vertx member;
    private Vertx client;

    @BeforeEach
    void startMember() throws Exception {
        options.setMembers(List.of("127.0.0.1:" + options.port()));
        member = ClusteredVertx.start(options).await(60, TimeUnit.SECONDS);
        member.eventBus().<String>consumer("member.echo", m -> m.reply("member heard " + m.body()))
                .completion().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close().await(20, TimeUnit.SECONDS);
        }
        member.close().await(20, TimeUnit.SECONDS);
    }

    @Test
    void aClientAndAMemberCallEachOtherOverTheEventBus() throws Exception {
        client = startClient();
        client.eventBus().<String>consumer("client.echo", m -> m.reply("client heard " + m.body()))
                .completion().await(10, TimeUnit.SECONDS);

        Object fromMember = client.eventBus().request("member.echo", "hi").await(10, TimeUnit.SECONDS).body();
        assertThat(fromMember).isEqualTo("member heard hi");
        // The member finds the client's event-bus server through the node info the client put in the cluster
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(member.eventBus()
                .request("client.echo", "hello").await(5, TimeUnit.SECONDS).body()).isEqualTo("client heard hello"));
    }

    @Test
    void theMembersSeeNoNewMemberWhileAClientIsConnected() throws Exception {
        client = startClient();

        assertThat(hazelcastOf(member).getCluster().getMembers()).hasSize(1);
        assertThat(manager(member).getNodes()).containsExactly(manager(member).getNodeId());
        // The client counts the member and itself, itself last so that it never takes the oldest member's chores
        assertThat(manager(client).getNodes()).containsExactly(manager(member).getNodeId(), manager(client).getNodeId());
    }

    @Test
    void aClientThatLeavesTakesItsSubscriptionsAndNodeInfoWithIt() throws Exception {
        client = startClient();
        String clientId = manager(client).getNodeId();
        client.eventBus().consumer("client.inbox", m -> { }).completion().await(10, TimeUnit.SECONDS);
        assertThat(registrations(member, "client.inbox")).extracting(RegistrationInfo::nodeId).containsExactly(clientId);
        assertThat(hazelcastOf(member).getMap("__vertx.nodeInfo").containsKey(clientId)).isTrue();

        client.close().await(20, TimeUnit.SECONDS);
        client = null;

        assertThat(registrations(member, "client.inbox")).isEmpty();
        assertThat(hazelcastOf(member).getMap("__vertx.nodeInfo").containsKey(clientId)).isFalse();
    }

    @Test
    void aClientRemovesTheSubscriptionsOfAClientThatDiedWithoutLeaving() throws Exception {
        MultiMap<String, HazelcastRegistrationInfo> subs = hazelcastOf(member).getMultiMap("__vertx.subs");
        HazelcastRegistrationInfo abandoned = new HazelcastRegistrationInfo(
                new RegistrationInfo(UUID.randomUUID().toString(), 0, false));
        subs.put("enoki.discovery.heartbeat", abandoned);
        String memberId = manager(member).getNodeId();

        client = startClient();

        await().atMost(WAIT).untilAsserted(() -> assertThat(subs.get("enoki.discovery.heartbeat")).isEmpty());
        assertThat(registrations(member, "member.echo")).extracting(RegistrationInfo::nodeId).containsExactly(memberId);
    }

    @Test
    void aClientTakenForDeadWhileItWasPausedPutsItsEntryAndSubscriptionsBack() throws Exception {
        client = startClient();
        String clientId = manager(client).getNodeId();
        client.eventBus().<String>consumer("client.echo", m -> m.reply("client heard " + m.body()))
                .completion().await(10, TimeUnit.SECONDS);
        // What a pause past the TTL leads to: the entry expires and another client removes the subscriptions
        hazelcastOf(member).getMap("__vertx.nodeInfo").remove(clientId);
        MultiMap<String, HazelcastRegistrationInfo> subs = hazelcastOf(member).getMultiMap("__vertx.subs");
        subs.remove("client.echo");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(hazelcastOf(member).getMap("__vertx.nodeInfo").containsKey(clientId)).isTrue();
            assertThat(registrations(member, "client.echo")).extracting(RegistrationInfo::nodeId)
                    .containsExactly(clientId);
        });
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(member.eventBus()
                .request("client.echo", "again").await(5, TimeUnit.SECONDS).body()).isEqualTo("client heard again"));
    }

    @Test
    void aClientOutlivesARestartOfEveryMemberAndIsKnownToTheNewOnes() throws Exception {
        client = startClient();
        client.eventBus().<String>consumer("client.echo", m -> m.reply("client heard " + m.body()))
                .completion().await(10, TimeUnit.SECONDS);

        member.close().await(20, TimeUnit.SECONDS);
        Thread.sleep(6_000);   // longer than a client's first connection may take: it must still be looking
        member = ClusteredVertx.start(options).await(60, TimeUnit.SECONDS);
        member.eventBus().<String>consumer("member.echo", m -> m.reply("member heard " + m.body()))
                .completion().await(10, TimeUnit.SECONDS);

        // Until the client has found the new member and put its subscriptions there, no one answers
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(member.eventBus()
                .request("client.echo", "back").await(5, TimeUnit.SECONDS).body()).isEqualTo("client heard back"));
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(client.eventBus()
                .request("member.echo", "back").await(5, TimeUnit.SECONDS).body()).isEqualTo("member heard back"));
    }

    @Test
    void aClientFindingNoMemberSaysSo() {
        ClusterOptions nowhere = new ClusterOptions().setName(options.name())
                .setMembers(List.of("127.0.0.1:" + FreePorts.next()));

        Throwable failure = ClusteredVertx.clientBuilder(nowhere, new VertxOptions()).buildClustered()
                .toCompletionStage().toCompletableFuture().handle((v, e) -> e).join();

        assertThat(ClusteredVertx.foundNoFullMember(failure)).as(String.valueOf(failure)).isTrue();
    }

    private Vertx startClient() throws Exception {
        return ClusteredVertx.clientBuilder(options, new VertxOptions()).buildClustered().await(60, TimeUnit.SECONDS);
    }

    private static List<RegistrationInfo> registrations(Vertx vertx, String address) throws Exception {
        Promise<List<RegistrationInfo>> found = Promise.promise();
        manager(vertx).getRegistrations(address, found);
        return found.future().await(10, TimeUnit.SECONDS);
    }

    private static ClusterManager manager(Vertx vertx) {
        return ((VertxInternal) vertx).clusterManager();
    }

    private static HazelcastInstance hazelcastOf(Vertx vertx) {
        return ((HazelcastClusterManager) manager(vertx)).getHazelcastInstance();
    }
}
