package dev.enoki.database;

import dev.enoki.ServiceBusy;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.EntrypointHook;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @Database} on H2 and on the real PostgreSQL: a transaction per worker around the method. */
class DatabaseTransactionTest {
    private DatabaseContainers containers;
    private TestDatabase database;

    private ServiceContainer start(String kind, JsonObject databaseSection, int maxWorkers) throws Exception {
        containers = DatabaseContainers.open(kind, new JsonObject().put("max_workers", maxWorkers)
                .put("database", databaseSection));
        database = containers.database;
        return containers.factory.start(EntriesService.class);
    }

    @AfterEach
    void close() throws Exception {
        if (containers != null) {
            containers.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void methodThatReturnsCommitsItsWrites(String kind) throws Exception {
        ServiceContainer container = start(kind, new JsonObject(), 4);

        assertThat(EntrypointHook.call(container, "add", "a")).isEqualTo(1);
        assertThat(EntrypointHook.call(container, "add", "b")).isEqualTo(2);

        assertThat(database.rows("entries")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void methodThatThrowsRollsBackItsWrites(String kind) throws Exception {
        ServiceContainer container = start(kind, new JsonObject(), 4);

        assertThatThrownBy(() -> EntrypointHook.call(container, "addThenFail", "a"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(database.rows("entries")).isZero();
        assertThat(EntrypointHook.call(container, "count")).isEqualTo(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void eachWorkerWritesInATransactionOfItsOwn(String kind) throws Exception {
        ServiceContainer container = start(kind, new JsonObject(), 4);

        Future<Object> held = EntrypointHook.callAsync(container, "addWhenReleased", Map.of(), "a");
        Gate.awaitEntered();
        assertThat(EntrypointHook.call(container, "count")).as("another worker's uncommitted row").isEqualTo(0);
        assertThat(EntrypointHook.call(container, "add", "b")).isEqualTo(1);
        Gate.open();

        assertThat(Futures.await(held, Duration.ofSeconds(10))).as("its own row and the committed one").isEqualTo(2);
        assertThat(database.rows("entries")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void workerFindingNoFreeConnectionGetsServiceBusyAfterTheConnectionTimeout(String kind) throws Exception {
        ServiceContainer container = start(kind,
                new JsonObject().put("pool_size", 1).put("connection_timeout", "300ms"), 4);

        Future<Object> held = EntrypointHook.callAsync(container, "addWhenReleased", Map.of(), "a");
        Gate.awaitEntered();
        assertThatThrownBy(() -> EntrypointHook.call(container, "count"))
                .isInstanceOf(ServiceBusy.class)
                .hasMessageContaining("no database connection came free within 300 ms");
        Gate.open();

        assertThat(Futures.await(held, Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(EntrypointHook.call(container, "count")).as("the pool serves again").isEqualTo(1);
    }
}
