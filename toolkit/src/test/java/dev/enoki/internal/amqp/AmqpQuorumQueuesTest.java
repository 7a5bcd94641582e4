package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiClient;
import dev.enoki.EnokiOptions;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.lease.Lease;
import dev.enoki.testsupport.RabbitNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code queue_type: quorum} on a RabbitMQ node of the test's own ({@link RabbitNode}), which it restarts: the
 * durable queues Enoki consumes and their dead-letter queues are quorum queues, the queues that go with their
 * consumer and the reply and lease queues stay classic, and every queue is durable or exclusive, which is what
 * RabbitMQ 4.3 accepts by default; events dispatched while their handler's service is down survive a broker
 * restart and are handled once it is back; a service running through the restart answers calls again after it.
 */
class AmqpQuorumQueuesTest {
    private static final Set<Integer> SOLD = ConcurrentHashMap.newKeySet();

    private static RabbitNode node;
    private static Vertx vertx;

    @Service("qq_ledger")
    public static class Ledger {
        @Rpc
        public int sold() {
            return SOLD.size();
        }

        @EventHandler(source = "qq_till", event = "sold")
        public void onSold(int n) {
            SOLD.add(n);
        }

        @EventHandler(source = "qq_till", event = "sold", reliableDelivery = false)
        public void onSoldWhileUp(int n) {
            // a queue that goes with its consumer
        }

        @EventHandler(source = "qq_till", event = "sold", type = HandlerType.BROADCAST, reliableDelivery = false)
        public void onSoldEverywhere(int n) {
            // an exclusive queue
        }

        @EventHandler(source = "qq_till", event = "sold", type = HandlerType.BROADCAST, broadcastIdentifier = "host1")
        public void onSoldOnHost(int n) {
            // a durable queue of one instance
        }
    }

    @Service("qq_till")
    public static class Till {
        @Rpc
        public String open() {
            return "open";
        }
    }

    @BeforeAll
    static void start() {
        node = RabbitNode.start("quorum");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        try {
            await(vertx.close());
        } finally {
            node.close();
        }
    }

    private static JsonObject config() {
        return new JsonObject().put("AMQP_URI", node.uri()).put("queue_type", "quorum").put("max_workers", 4)
                .put("amqp_management_url", "off");
    }

    @Test
    void enokisOwnDurableQueuesAreQuorumAndEveryQueueIsDurableOrExclusive() {
        ServiceContainer ledger = new ServiceContainer(Ledger.class, config());
        await(ledger.start(vertx));
        AmqpLeases leases = new AmqpLeases(vertx, AmqpSettings.from(config(), EnokiOptions.fromJson(config())),
                "qq_ledger");
        await(leases.setup());
        try (EnokiClient client = EnokiClient.connect(config())) {
            Lease lease = leases.lease("tick");
            await().atMost(Duration.ofSeconds(10)).until(lease::held);
            assertThat(client.proxy("qq_ledger").call("sold", Integer.class)).isNotNull();

            Map<String, String> types = node.queueTypes();
            String pool = "evt-qq_till-sold--qq_ledger.on_sold";
            String host = "evt-qq_till-sold--qq_ledger.on_sold_on_host-host1";
            for (String queue : Set.of("rpc-qq_ledger", pool, host)) {
                assertThat(types).as(queue).containsEntry(queue, "quorum").containsEntry(queue + ".dead", "quorum");
            }
            assertThat(types).containsEntry("evt-qq_till-sold--qq_ledger.on_sold_while_up", "classic")
                    .containsEntry(QueueLease.queue("tick"), "classic");
            assertThat(types.keySet()).anyMatch(q -> q.startsWith("rpc.reply-") && types.get(q).equals("classic"))
                    .anyMatch(q -> q.startsWith("evt-qq_till-sold--qq_ledger.on_sold_everywhere-")
                            && types.get(q).equals("classic"));

            JsonArray queues = new JsonArray(node.rabbitmqctl("list_queues", "name", "durable", "exclusive",
                    "--formatter", "json"));
            assertThat(queues).isNotEmpty().allSatisfy(q -> {
                JsonObject queue = (JsonObject) q;
                assertThat(queue.getBoolean("durable") || queue.getBoolean("exclusive"))
                        .as(queue.getString("name") + " is durable or exclusive").isTrue();
            });
        } finally {
            leases.kill();
            await(ledger.stop());
        }
    }

    @Test
    void eventsDispatchedBeforeABrokerRestartAreHandledAfterItAndCallsWorkAgain() {
        ServiceContainer ledger = new ServiceContainer(Ledger.class, config());
        await(ledger.start(vertx));
        await(ledger.stop());   // its quorum queue stays and keeps the events
        ServiceContainer till = new ServiceContainer(Till.class, config());
        await(till.start(vertx));
        try (EnokiClient client = EnokiClient.connect(config().put("rpc_timeout", "5s"))) {
            for (int n = 1; n <= 5; n++) {
                client.dispatch("qq_till", "sold", n);   // returns once the broker confirmed it
            }

            node.restart();

            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> "open".equals(client.proxy("qq_till").call("open", String.class)));
            ServiceContainer ledgerAgain = new ServiceContainer(Ledger.class, config());
            await(ledgerAgain.start(vertx));
            await().atMost(Duration.ofSeconds(30)).until(() -> SOLD.containsAll(Set.of(1, 2, 3, 4, 5)));
            client.dispatch("qq_till", "sold", 6);
            await().atMost(Duration.ofSeconds(30)).until(() -> SOLD.contains(6));
            assertThat(client.proxy("qq_ledger").call("sold", Integer.class)).isEqualTo(6);
            assertThat(node.queueTypes()).containsEntry("rpc-qq_till", "quorum")
                    .containsEntry("evt-qq_till-sold--qq_ledger.on_sold", "quorum");
            await(ledgerAgain.stop());
        } finally {
            await(till.stop());
        }
    }

    @Test
    void aClassicInstanceMeetingItsQuorumQueueFailsToStartNamingBothTypes() {
        ServiceContainer quorum = new ServiceContainer(Till.class, config());
        await(quorum.start(vertx));
        try {
            ServiceContainer classic = new ServiceContainer(Till.class, config().put("queue_type", "classic"));
            Throwable failure = catchThrowable(() -> await(classic.start(vertx)));

            assertThat(failure).isInstanceOf(ConfigurationError.class)
                    .hasMessageContaining("queue rpc-qq_till exists on RabbitMQ")
                    .hasMessageContaining("this service declares it classic (queue_type: classic)")
                    .hasMessageContaining("queue_type: quorum here");
            assertThat(classic.isRunning()).isFalse();
        } finally {
            await(quorum.stop());
        }
    }

    @Test
    void aQueueTypeOtherThanClassicOrQuorumIsRefusedAtStartup() {
        JsonObject config = config().put("queue_type", "mirrored");

        assertThatThrownBy(() -> AmqpSettings.from(config, EnokiOptions.fromJson(config)))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("queue_type must be classic or quorum, not 'mirrored'");
    }
}
