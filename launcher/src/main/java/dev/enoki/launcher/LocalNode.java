package dev.enoki.launcher;

import dev.enoki.ServiceRunner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code shell} and {@code services} run on: the command's Vert.x instance (clustered or not) with the
 * services named on the command line started in it, all stopped again on {@link #close()}.
 */
final class LocalNode implements AutoCloseable {
    final JsonObject config;
    final Vertx vertx;
    private final ServiceRunner runner;

    private LocalNode(JsonObject config, Vertx vertx, ServiceRunner runner) {
        this.config = config;
        this.vertx = vertx;
        this.runner = runner;
    }

    static LocalNode open(ConnectionOptions connection, ServiceArguments services) {
        JsonObject config = connection.config();
        connection.requireAvailable(config);
        List<Class<?>> classes = services.resolve(config);
        Vertx vertx = connection.startVertx(config, !classes.isEmpty());
        try {
            ServiceRunner runner = classes.isEmpty() ? null : ServiceArguments.start(vertx, config, classes);
            return new LocalNode(config, vertx, runner);
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** The services this process hosts, or null when none were named. */
    ServiceRunner runner() {
        return runner;
    }

    @Override
    public void close() throws Exception {
        try {
            if (runner != null) {
                runner.stop().await(60, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
