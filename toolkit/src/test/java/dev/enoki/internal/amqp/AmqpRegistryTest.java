package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry on RabbitMQ, each node on a Vert.x instance of its own (so a registry of its own, as in separate
 * JVMs): what a newcomer learns and how fast, withdrawal on stop, a silent node's records gone after the TTL, and
 * Nameko services (here the plain-client stand-in) found through the management API or once they answered.
 */
class AmqpRegistryTest {
    private static RabbitTestBroker broker;
    private final List<Vertx> nodes = new ArrayList<>();

    @Service("registry_greeter")
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    @BeforeAll
    static void freshVhost() {
        broker = RabbitTestBroker.freshVhost();
    }

    @AfterAll
    static void dropVhost() {
        broker.close();
    }

    @AfterEach
    void closeNodes() {
        nodes.forEach(n -> await(n.close()));
    }

    private Vertx node() {
        Vertx vertx = Vertx.vertx();
        nodes.add(vertx);
        return vertx;
    }

    private static JsonObject config(String ttl) {
        return broker.config().put("discovery", new JsonObject().put("ttl", ttl));
    }

    private static List<String> services(ServiceRegistry registry) {
        return await(registry.all()).stream().map(ServiceRecord::service).sorted().toList();
    }

    @Test
    void aNewcomerListsTheServicesAlreadyAnnouncedWithTheirMethodsWithoutWaitingForAHeartbeat() {
        JsonObject config = config("30s");   // heartbeat 7.5 s: only the answer to its question can be this fast
        ServiceContainer greeter = new ServiceContainer(Greeter.class, config);
        await(greeter.start(node()));

        long started = System.nanoTime();
        ServiceRegistry newcomer = RegistryFactory.forVertx(node(), config);
        List<ServiceRecord> listed = await(newcomer.all());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("a newcomer on RabbitMQ listed the running services in %d ms (answer window %d ms)%n",
                tookMillis, AnnounceTiming.fromConfig(config, Map.of()).answerWindow().toMillis());

        assertThat(newcomer).isInstanceOf(AmqpRegistry.class);
        List<ServiceRecord> announced = listed.stream().filter(r -> !r.nodeId().equals(BrokerServices.NODE)).toList();
        assertThat(announced).extracting(ServiceRecord::service).containsExactly("registry_greeter");
        ServiceRecord record = announced.get(0);
        assertThat(record.transport()).isEqualTo("amqp");
        assertThat(record.method("hello").parameters()).extracting(ServiceRecord.Parameter::name).containsExactly("name");
        assertThat(tookMillis).as("well below the 7.5 s heartbeat").isLessThan(5_000);
    }

    @Test
    void aStoppedServiceIsWithdrawnAtOnceNotAfterTheTtl() {
        JsonObject config = config("60s");
        ServiceContainer greeter = new ServiceContainer(Greeter.class, config);
        await(greeter.start(node()));
        ServiceRegistry observer = RegistryFactory.forVertx(node(), config);
        assertThat(services(observer)).containsExactly("registry_greeter");

        await(greeter.stop());

        await("the withdrawal").atMost(Duration.ofSeconds(10)).until(() -> services(observer).isEmpty());
    }

    @Test
    void aNodeThatFallsSilentDisappearsAfterTheTtlAndReturnsWhenHeardAgain() throws Exception {
        ServiceRegistry observer = RegistryFactory.forVertx(node(), config("1s"));
        assertThat(services(observer)).isEmpty();
        Channel raw = broker.raw().createChannel();
        ServiceRecord ghost = ServiceRecord.builder("registry_ghost", "ghost-1", "ghost-node", "amqp").build();
        byte[] announcement = Announcements.records("ghost-node", List.of(ghost), List.of()).encode()
                .getBytes(StandardCharsets.UTF_8);

        raw.basicPublish(AmqpRegistry.EXCHANGE, "", new AMQP.BasicProperties(), announcement);
        await("the announcement").atMost(Duration.ofSeconds(10)).until(() -> services(observer).equals(List.of("registry_ghost")));
        await("the TTL to pass").atMost(Duration.ofSeconds(10)).until(() -> services(observer).isEmpty());

        raw.basicPublish(AmqpRegistry.EXCHANGE, "", new AMQP.BasicProperties(), announcement);
        await("the node heard again").atMost(Duration.ofSeconds(10)).until(() -> services(observer).equals(List.of("registry_ghost")));
    }

    @Test
    void aNamekoServiceIsListedThroughTheManagementApi() throws Exception {
        requireManagementApi();
        Connection standIn = broker.raw();
        new RawNamekoService(standIn, "registry_py", delivery -> "{\"result\": null, \"error\": null}");
        try {
            ServiceRegistry observer = RegistryFactory.forVertx(node(), config("10s"));

            await("the Nameko service").atMost(Duration.ofSeconds(10))
                    .until(() -> services(observer).contains("registry_py"));
            ServiceRecord record = await(observer.all()).stream().filter(r -> r.service().equals("registry_py"))
                    .findFirst().orElseThrow();
            assertThat(record.nodeId()).isEqualTo(BrokerServices.NODE);
            assertThat(record.extra().getString("seen")).isEqualTo(BrokerServices.SEEN_BY_MANAGEMENT);
            assertThat(record.extra().getInteger("consumers")).isEqualTo(1);
            assertThat(await(observer.instances("registry_py"))).as("calls are never refused for want of methods")
                    .isEmpty();
        } finally {
            standIn.close();
        }
    }

    @Test
    void withoutTheManagementApiANamekoServiceIsListedOnceItAnsweredACallAndUntilItsConsumerGoes() throws Exception {
        JsonObject config = config("1s").put("amqp_management_url", "off");
        Connection standIn = broker.raw();
        RawNamekoService quiet = new RawNamekoService(standIn, "registry_quiet",
                delivery -> "{\"result\": \"here\", \"error\": null}");
        Vertx vertx = node();
        ServiceRegistry observer = RegistryFactory.forVertx(vertx, config);
        assertThat(services(observer)).doesNotContain("registry_quiet");

        EnokiClient client = await(EnokiClient.connect(vertx, config));
        assertThat(client.proxy("registry_quiet").call("where", String.class)).isEqualTo("here");

        await("the answered service").atMost(Duration.ofSeconds(10)).until(() -> services(observer).contains("registry_quiet"));
        ServiceRecord record = await(observer.all()).stream().filter(r -> r.service().equals("registry_quiet"))
                .findFirst().orElseThrow();
        assertThat(record.extra().getString("seen")).isEqualTo(BrokerServices.SEEN_ANSWERING);
        assertThat(quiet.requests()).hasSize(1);

        standIn.close();   // its consumer goes, its durable queue stays
        await("the service gone").atMost(Duration.ofSeconds(10)).until(() -> !services(observer).contains("registry_quiet"));
        client.close();
    }

    private static void requireManagementApi() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", AmqpSettings.MANAGEMENT_PORT), 1_000);
        } catch (java.io.IOException e) {
            String why = "RabbitMQ's management API does not answer on port 15672 (rabbitmq-plugins enable "
                    + "rabbitmq_management)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
    }
}
