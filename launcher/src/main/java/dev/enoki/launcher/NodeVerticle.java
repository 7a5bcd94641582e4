package dev.enoki.launcher;

import dev.enoki.ServiceRunner;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The launcher's one main verticle: it hosts every service of the node in one {@link ServiceRunner}, one container
 * verticle per service. Undeploying it (Vert.x closing on a signal) stops them gracefully.
 */
final class NodeVerticle implements Deployable {
    private final List<Class<?>> services;
    private final JsonObject config;
    private volatile ServiceRunner runner;

    NodeVerticle(List<Class<?>> services, JsonObject config) {
        this.services = List.copyOf(services);
        this.config = config.copy();
    }

    @Override
    public Future<?> deploy(Context context) {
        return new BrokerRetry(context.owner(), config, System.err).start(() -> {
            ServiceRunner made = new ServiceRunner(context.owner(), config);
            services.forEach(made::addService);
            runner = made;
            return made.start();
        });
    }

    @Override
    public Future<?> undeploy(Context context) {
        // Vert.x may have undeployed the containers (our children) already; stopping again is harmless.
        return runner == null ? Future.succeededFuture() : runner.stop().recover(e -> Future.succeededFuture());
    }

    ServiceRunner runner() {
        return runner;
    }
}
