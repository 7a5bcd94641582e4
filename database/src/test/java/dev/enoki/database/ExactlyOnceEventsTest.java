package dev.enoki.database;

import dev.enoki.ServiceBusy;
import dev.enoki.ServiceContainer;
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
 * {@code @EventHandler(exactlyOnce = true)} with {@code @Database}, on H2 and the real PostgreSQL. An event delivered
 * again is one the transport hands over with the delivery id it had the first time (its handler's queue and its
 * message id), as these tests do through the hook; the transports' part is in
 * {@link ExactlyOnceEventsOnTransportsTest}.
 */
class ExactlyOnceEventsTest {
    private DatabaseContainers containers;
    private TestDatabase database;

    private ServiceContainer start(String kind, JsonObject config) throws Exception {
        StockService.TAKEN.set(0);
        containers = DatabaseContainers.open(kind, config.put("max_workers", 4));
        database = containers.database;
        return containers.factory.start(StockService.class);
    }

    @AfterEach
    void close() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    private static Map<String, Object> delivered(String id) {
        return Map.of(WorkerContext.DELIVERY_ID, "evt-orders-order_placed--stock.take/" + id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eventDeliveredAgainIsAcknowledgedWithoutRunningAgain(String kind) throws Exception {
        ServiceContainer stock = start(kind, new JsonObject());
        String id = UUID.randomUUID().toString();

        Object first = EntrypointHook.callWithContext(stock, "take", delivered(id), "mug");
        Object again = EntrypointHook.callWithContext(stock, "take", delivered(id), "mug");

        assertThat(again).as("the worker ends as the first run did").isEqualTo(first);
        assertThat(StockService.TAKEN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
        assertThat(database.rows("enoki_exactly_once")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void failedEventLeavesNoRecordSoItsRedeliveryRunsAgain(String kind) throws Exception {
        ServiceContainer stock = start(kind, new JsonObject());
        String id = UUID.randomUUID().toString();

        for (int delivery = 0; delivery < 2; delivery++) {
            assertThatThrownBy(() -> EntrypointHook.callWithContext(stock, "takeThenFail", delivered(id), "mug"))
                    .hasMessage("shelf collapsed");
        }

        assertThat(StockService.TAKEN).hasValue(2);
        assertThat(database.rows("entries")).isZero();
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void twoDeliveriesOfOneEventAtOnceCommitOnce(String kind) throws Exception {
        ServiceContainer stock = start(kind, new JsonObject());
        String id = UUID.randomUUID().toString();

        Future<Object> first = EntrypointHook.callAsync(stock, "takeWhenReleased", delivered(id), "mug");
        Gate.awaitEntered();
        Future<Object> second = EntrypointHook.callAsync(stock, "takeWhenReleased", delivered(id), "mug");
        Thread.sleep(500);
        assertThat(second.isComplete()).as("the second waits on the first one's claim").isFalse();
        Gate.open();

        Object receipt = Futures.await(first, Duration.ofSeconds(20));
        assertThat(Futures.await(second, Duration.ofSeconds(20))).isEqualTo(receipt);
        assertThat(StockService.TAKEN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
        assertThat(database.rows("enoki_exactly_once")).isEqualTo(1);
    }

    /** Given back, not failed: the delivery holding the claim may still roll back, and then this one must run. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void deliveryThatCannotClaimItsEventInTimeIsGivenBackUnrun(String kind) throws Exception {
        ServiceContainer stock = start(kind, new JsonObject().put("rpc_timeout", "1s"));
        String id = UUID.randomUUID().toString();
        Future<Object> first = EntrypointHook.callAsync(stock, "takeWhenReleased", delivered(id), "mug");
        Gate.awaitEntered();

        Future<Object> second = EntrypointHook.callAsync(stock, "takeWhenReleased", delivered(id), "mug");

        assertThatThrownBy(() -> Futures.await(second, Duration.ofSeconds(30)))
                .isInstanceOf(ServiceBusy.class).hasMessageContaining("cannot claim event");
        Gate.open();
        Futures.await(first, Duration.ofSeconds(20));
        assertThat(StockService.TAKEN).hasValue(1);
        assertThat(database.rows("entries")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eventWithoutMessageIdIsHandledAtLeastOnce(String kind) throws Exception {
        ServiceContainer stock = start(kind, new JsonObject());

        Object first = EntrypointHook.call(stock, "take", "mug");
        Object second = EntrypointHook.call(stock, "take", "mug");

        assertThat(second).isNotEqualTo(first);
        assertThat(StockService.TAKEN).hasValue(2);
        assertThat(database.rows("entries")).isEqualTo(2);
        assertThat(database.rows("enoki_exactly_once")).isZero();
    }
}
