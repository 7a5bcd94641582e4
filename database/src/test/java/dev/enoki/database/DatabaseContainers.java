package dev.enoki.database;

import dev.enoki.testing.ContainerFactory;
import io.vertx.core.json.JsonObject;

import java.sql.SQLException;

/**
 * One test's database (see {@link TestDatabase}) and a factory of containers configured to use it; closing lets any
 * worker held at the {@link Gate} go, then closes the containers and the database.
 */
final class DatabaseContainers implements AutoCloseable {
    final TestDatabase database;
    final ContainerFactory factory;

    private DatabaseContainers(TestDatabase database, ContainerFactory factory) {
        this.database = database;
        this.factory = factory;
    }

    /** {@code config} is the containers' config; a {@code database} section in it adds to the test database's. */
    static DatabaseContainers open(String kind, JsonObject config) throws SQLException {
        Gate.reset();
        TestDatabase database = TestDatabase.of(kind);
        JsonObject section = database.section().mergeIn(config.getJsonObject("database", new JsonObject()));
        return new DatabaseContainers(database, new ContainerFactory(config.copy().put("database", section)));
    }

    @Override
    public void close() throws SQLException {
        Gate.open();
        try {
            factory.close();
        } finally {
            database.close();
        }
    }
}
