package dev.enoki.internal.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Delivery;
import dev.enoki.ContextData;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.WorkerContext;
import dev.enoki.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request carries its caller's deadline ({@link DeadlineHeader}): a service that gets it late, or whose worker
 * frees up too late, answers RpcTimeout without running it. Requests without a deadline, as Nameko sends them, run
 * as before, and the deadline never becomes context data that travels on.
 */
class AmqpDeadlineTest {
    private static final Set<String> RAN = ConcurrentHashMap.newKeySet();
    private static final Map<String, Map<String, Object>> CONTEXTS = new ConcurrentHashMap<>();

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer service;
    private static EnokiClient client;
    private static RawRpcClient raw;

    @Service("deadline_svc")
    public static class Sleeper {
        @ContextData
        WorkerContext worker;

        @Rpc
        public String nap(String id, long millis) throws InterruptedException {
            RAN.add(id);
            CONTEXTS.put(id, worker.contextData());
            Thread.sleep(millis);
            return id;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        service = new ServiceContainer(Sleeper.class, broker.config().put("max_workers", 1));
        await(service.start(vertx));
        client = await(EnokiClient.connect(vertx, broker.config()));
        raw = new RawRpcClient(broker.raw());
    }

    @AfterAll
    static void stop() {
        client.close();
        await(service.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void callsQueuedBehindABusyWorkerPastTheirDeadlineAreNotRunAndTheirCallersTimeOut() {
        ServiceProxy sleeper = client.proxy("deadline_svc");
        Future<String> busy = sleeper.withTimeout(Duration.ofSeconds(20)).callAsync("nap", String.class, "busy", 1_500L);
        eventually().atMost(Duration.ofSeconds(10)).until(() -> RAN.contains("busy"));
        List<Future<String>> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(sleeper.withTimeout(Duration.ofMillis(300)).callAsync("nap", String.class, "late-" + i, 0L));
        }
        // Queued after the late ones, with time to spare: once it ran, each late one had its turn before it.
        Future<String> after = sleeper.withTimeout(Duration.ofSeconds(20)).callAsync("nap", String.class, "after", 0L);

        assertThat(await(busy)).isEqualTo("busy");
        assertThat(await(after)).isEqualTo("after");
        for (Future<String> call : late) {
            assertThat(call.failed()).isTrue();
            assertThat(call.cause()).isInstanceOf(RpcTimeout.class);
        }
        assertThat(RAN).noneMatch(id -> id.startsWith("late-"));
    }

    @Test
    void requestThatArrivesAfterItsDeadlineIsAnsweredRpcTimeoutWithoutRunning() throws Exception {
        long passed = System.currentTimeMillis() - 1_000;
        Delivery reply = raw.send("deadline_svc.nap",
                raw.namekoProperties(Map.of(DeadlineHeader.NAME, passed)).build(),
                "{\"args\": [\"arrived-late\", 0], \"kwargs\": {}}".getBytes()).get(20, TimeUnit.SECONDS);

        JsonNode body = Json.mapper().readTree(reply.getBody());
        assertThat(body.get("result").isNull()).isTrue();
        assertThat(body.get("error").get("exc_type").asText()).isEqualTo("RpcTimeout");
        assertThat(RAN).doesNotContain("arrived-late");
    }

    @Test
    void namekoRequestWithoutDeadlineRunsAndAPassedOnDeadlineIsNotItsOwn() throws Exception {
        // What a Nameko service in the middle would send on: the old deadline as context, under the prefix.
        long old = System.currentTimeMillis() - 60_000;
        Delivery reply = raw.call("deadline_svc.nap", "{\"args\": [\"from-nameko\", 0], \"kwargs\": {}}",
                Map.of(ContextHeaders.PREFIX + DeadlineHeader.NAME, old, "nameko.language", "en"));

        assertThat(Json.mapper().readTree(reply.getBody()).get("result").asText()).isEqualTo("from-nameko");
        assertThat(CONTEXTS.get("from-nameko")).containsEntry("language", "en").doesNotContainKey(DeadlineHeader.NAME);
    }

    @Test
    void theDeadlineIsNotContextDataThatTravelsOn() {
        String id = client.proxy("deadline_svc").withTimeout(Duration.ofSeconds(20)).call("nap", String.class,
                "context", 0L);

        assertThat(id).isEqualTo("context");
        assertThat(CONTEXTS.get("context")).doesNotContainKey(DeadlineHeader.NAME)
                .doesNotContainKey(ContextHeaders.PREFIX + DeadlineHeader.NAME);
    }

    private static org.awaitility.core.ConditionFactory eventually() {
        return org.awaitility.Awaitility.await();
    }
}
