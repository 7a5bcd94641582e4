package dev.enoki.discovery;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * RPC through discovery across real JVMs on loopback: node A (this JVM) calls "greeter" on B, then on B and C, then
 * B is killed with {@code kill -9}, then D joins. The tests run in order because each builds on the cluster the
 * previous one left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRpcTest {
    private static final Duration TTL = Duration.ofSeconds(6);
    /** Scheduling slack: the machine running these tests may be shared and busy. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(3);

    private static TestCluster cluster;
    private static EnokiClient client;
    private static ClusterRegistry registry;
    private static NodeProcess b;
    private static NodeProcess c;

    /** The greeter's methods, as a caller on A types them. */
    public interface Greeter {
        String hello(String name);

        Future<String> node();
    }

    /** A greeter that also expects a method the service does not have. */
    public interface GreeterWithGoodbye extends Greeter {
        String goodbye(String name);
    }

    @Service("polite_caller")
    public static class PoliteCaller {
        @RpcProxy("greeter")
        Greeter greeter;

        @Rpc
        public String greet(String name) {
            return greeter.hello(name);
        }
    }

    @Service("confused_caller")
    public static class ConfusedCaller {
        @RpcProxy("greeter")
        GreeterWithGoodbye greeter;

        @Rpc
        public String leave(String name) {
            return greeter.goodbye(name);
        }
    }

    @BeforeAll
    static void startCluster() {
        cluster = new TestCluster(List.of("A", "B", "C", "D"),
                new JsonObject().put("ttl", TTL.toMillis() + "ms").put("heartbeat", "1s"), new JsonObject());
        client = cluster.startLocal();
        registry = cluster.registry();
        b = cluster.startNode("B", "greeter").awaitReady();
        awaitInstances(b, 1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void awaitInstances(NodeProcess node, long count) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> TestCluster.instancesOn(registry, "greeter", node.nodeId()) == count);
    }

    private static String nodeOf(ServiceProxy greeter) {
        return greeter.callAsync("node", String.class).await();
    }

    @Test
    @Order(1)
    void serviceOnAnotherNodeIsCalledThroughTheRegistry() {
        assertThat(client.proxy("greeter").call("hello", String.class, "Matt")).isEqualTo("Hello, Matt! from B");

        JsonObject greeter = serviceInView("greeter");
        JsonObject instance = greeter.getJsonArray("instances").getJsonObject(0);
        assertThat(instance.getString("node")).isEqualTo(b.nodeId());
        assertThat(instance.getString("transport")).isEqualTo("eventbus");
        assertThat(instance.getString("address")).startsWith("enoki.rpc.greeter.instance.");
        assertThat(instance.getBoolean("healthy")).isTrue();
        assertThat(greeter.getJsonArray("methods").stream().map(m -> ((JsonObject) m).getString("name")))
                .containsExactlyInAnyOrder("hello", "node");
    }

    @Test
    @Order(2)
    void typedProxyMatchingTheRecordStartsCallsAndIsWithdrawnOnStop() {
        ServiceContainer caller = new ServiceContainer(PoliteCaller.class, cluster.config("A"));
        caller.start(cluster.local()).await();
        try {
            assertThat(client.proxy("polite_caller").call("greet", String.class, "Ann")).isEqualTo("Hello, Ann! from B");
        } finally {
            caller.stop().await();
        }
        assertThat(registry.instances("polite_caller").await()).as("withdrawn on stop").isEmpty();
        ServiceDiscovery map = ServiceDiscovery.create(cluster.local(),
                new ServiceDiscoveryOptions().setAnnounceAddress("ignored.announce"));
        try {
            assertThat(map.getRecords(r -> r.getName().equals("polite_caller"), true).await()).isEmpty();
        } finally {
            map.close();
        }
    }

    @Test
    @Order(3)
    void typedProxyForAMethodTheServiceLacksFailsAtContainerStart() {
        ServiceContainer caller = new ServiceContainer(ConfusedCaller.class, cluster.config("A"));
        Future<Void> started = caller.start(cluster.local());
        Throwable failure = started.transform(r -> Future.succeededFuture(r.cause())).await();
        assertThat(failure).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("goodbye is not an RPC method")
                .hasMessageContaining("greeter")
                .hasMessageContaining("hello(name)");
        assertThat(caller.isRunning()).isFalse();
    }

    @Test
    @Order(4)
    void secondInstanceOnAnotherNodeTakesHalfTheCalls() {
        c = cluster.startNode("C", "greeter").awaitReady();
        awaitInstances(c, 1);
        ServiceProxy greeter = client.proxy("greeter");
        Map<String, Integer> byNode = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            byNode.merge(nodeOf(greeter), 1, Integer::sum);
        }
        assertThat(byNode).containsOnlyKeys("B", "C");
        assertThat(byNode.get("C")).isBetween(80, 120);
    }

    @Test
    @Order(5)
    void killedNodeVanishesWithinTheTtlAndCallsMoveToTheSurvivor() throws InterruptedException {
        ServiceProxy greeter = client.proxy("greeter").withTimeout(DEADLINE);
        List<Call> calls = new CopyOnWriteArrayList<>();
        long timer = cluster.local().setPeriodic(10, id -> calls.add(Call.start(greeter)));
        await().until(() -> calls.size() > 20);

        long killedAt = System.nanoTime();
        b.kill();
        await().atMost(TTL.plus(SLACK)).pollInterval(Duration.ofMillis(50))
                .until(() -> TestCluster.instancesOn(registry, "greeter", b.nodeId()) == 0);
        long vanishedAt = System.nanoTime();
        await().until(() -> calls.stream().filter(x -> x.startedNanos > vanishedAt).count() > 50);
        cluster.local().cancelTimer(timer);

        List<Call> all = new ArrayList<>(calls);
        await().atMost(DEADLINE.plus(SLACK)).until(() -> all.stream().allMatch(x -> x.reply.isComplete()));
        for (Call call : all) {
            assertThat(call.tookMillis()).as("no call outlives its deadline").isLessThan(DEADLINE.plus(SLACK).toMillis());
            if (call.reply.failed()) {
                assertThat(call.reply.cause()).isInstanceOf(RpcTimeout.class);
                assertThat(call.startedNanos).as("only calls sent before B vanished fail").isLessThan(vanishedAt);
            }
        }
        assertThat(all.stream().filter(x -> x.startedNanos > vanishedAt).map(x -> x.reply.result()))
                .isNotEmpty().allMatch("C"::equals);
        assertThat(TimeUnit.NANOSECONDS.toMillis(vanishedAt - killedAt)).isLessThanOrEqualTo(TTL.plus(SLACK).toMillis());
        System.out.printf("kill -9 of B: records gone after %d ms; %d of %d calls failed (all RpcTimeout)%n",
                TimeUnit.NANOSECONDS.toMillis(vanishedAt - killedAt), all.stream().filter(x -> x.reply.failed()).count(),
                all.size());

        JsonArray instances = serviceInView("greeter").getJsonArray("instances");
        assertThat(instances).hasSize(1);
        assertThat(instances.getJsonObject(0).getString("node")).isEqualTo(c.nodeId());
    }

    @Test
    @Order(6)
    void nodeJoiningLaterIsCalledWithinOneTtlOfItsStart() {
        NodeProcess d = cluster.startNode("D", "greeter").awaitReady();
        ServiceProxy greeter = client.proxy("greeter");
        await().atMost(TTL).until(() -> "D".equals(nodeOf(greeter)));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - d.readyAtNanos())).isLessThan(TTL.toMillis());
    }

    private static JsonObject serviceInView(String name) {
        JsonObject view = registry.view().await();
        return view.getJsonArray("services").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("name").equals(name)).findFirst().orElseThrow();
    }

    /** One call of the steady stream and when it started and ended. */
    private static final class Call {
        final long startedNanos = System.nanoTime();
        volatile long endedNanos;
        Future<String> reply;

        static Call start(ServiceProxy greeter) {
            Call call = new Call();
            call.reply = greeter.callAsync("node", String.class).onComplete(r -> call.endedNanos = System.nanoTime());
            return call;
        }

        long tookMillis() {
            return TimeUnit.NANOSECONDS.toMillis(endedNanos - startedNanos);
        }
    }
}
