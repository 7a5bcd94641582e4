package dev.enoki.database;

import dev.enoki.Entrypoint;
import dev.enoki.ResultHandler;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerArguments;
import dev.enoki.WorkerContext;
import dev.enoki.testing.EntrypointHook;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @Rpc(exactlyOnce = true)} with {@code @Database}, on H2 and the real PostgreSQL. A request delivered again
 * is one the transport hands over with the delivery id it had the first time, as these tests do through the hook.
 */
class ExactlyOnceTest {
    private DatabaseContainers containers;
    private TestDatabase database;

    private ServiceContainer start(String kind) throws Exception {
        EntriesService.CHARGES_RUN.set(0);
        containers = DatabaseContainers.open(kind, new JsonObject().put("max_workers", 4));
        database = containers.database;
        return containers.factory.start(EntriesService.class);
    }

    @AfterEach
    void close() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    private static Map<String, Object> delivered(String id) {
        return Map.of(WorkerContext.DELIVERY_ID, id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void requestDeliveredAgainIsAnsweredFromTheRecordAndNotRunAgain(String kind) throws Exception {
        ServiceContainer container = start(kind);
        String id = UUID.randomUUID().toString();

        Object first = EntrypointHook.callWithContext(container, "charge", delivered(id), "a");
        Object again = EntrypointHook.callWithContext(container, "charge", delivered(id), "a");

        assertThat(again).isEqualTo(first);
        assertThat(EntriesService.CHARGES_RUN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
        assertThat(database.rows("enoki_exactly_once")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void failedRequestLeavesNoRecordSoItsRedeliveryRunsAgain(String kind) throws Exception {
        ServiceContainer container = start(kind);
        String id = UUID.randomUUID().toString();

        for (int delivery = 0; delivery < 2; delivery++) {
            assertThatThrownBy(() -> EntrypointHook.callWithContext(container, "chargeThenFail", delivered(id), "a"))
                    .hasMessage("card declined");
        }

        assertThat(EntriesService.CHARGES_RUN).hasValue(2);
        assertThat(database.rows("entries")).isZero();
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoDeliveriesOfOneRequestAtOnceCommitOnceAndAnswerAlike(String kind) throws Exception {
        ServiceContainer container = start(kind);
        String id = UUID.randomUUID().toString();

        Future<Object> first = EntrypointHook.callAsync(container, "chargeWhenReleased", delivered(id), "a");
        Gate.awaitEntered();
        Future<Object> second = EntrypointHook.callAsync(container, "chargeWhenReleased", delivered(id), "a");
        Thread.sleep(500);
        assertThat(second.isComplete()).as("the second waits on the first one's claim").isFalse();
        Gate.open();

        Object answer = Futures.await(first, Duration.ofSeconds(20));
        assertThat(Futures.await(second, Duration.ofSeconds(20))).isEqualTo(answer);
        assertThat(EntriesService.CHARGES_RUN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deliveryWaitingOnAClaimGivesUpAtItsDeadlineWithoutRunning(String kind) throws Exception {
        ServiceContainer container = start(kind);
        String id = UUID.randomUUID().toString();
        Future<Object> first = EntrypointHook.callAsync(container, "chargeWhenReleased", delivered(id), "a");
        Gate.awaitEntered();

        Entrypoint charge = container.entrypoints().stream()
                .filter(e -> e.method().getName().equals("chargeWhenReleased")).findFirst().orElseThrow();
        Future<Object> second = container.spawnWorker(charge, WorkerArguments.of("a"), delivered(id),
                System.currentTimeMillis() + 1_500, ResultHandler.plain());

        assertThatThrownBy(() -> Futures.await(second, Duration.ofSeconds(30)))
                .hasMessageContaining("cannot claim request " + id);
        Gate.open();
        Futures.await(first, Duration.ofSeconds(20));
        assertThat(EntriesService.CHARGES_RUN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void requestWithoutDeliveryIdRunsEachTimeInItsTransaction(String kind) throws Exception {
        ServiceContainer container = start(kind);

        Object first = EntrypointHook.call(container, "charge", "a");
        Object second = EntrypointHook.call(container, "charge", "a");

        assertThat(second).isNotEqualTo(first);
        assertThat(database.rows("entries")).isEqualTo(2);
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }
}
