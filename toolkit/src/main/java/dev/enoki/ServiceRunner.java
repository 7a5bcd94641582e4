package dev.enoki;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs several services, one {@link ServiceContainer} each, on one Vert.x instance: its own unless one is given.
 *
 * <pre>{@code
 * ServiceRunner runner = new ServiceRunner(config).addService(ServiceA.class).addService(ServiceB.class);
 * runner.start().await();
 * }</pre>
 */
public final class ServiceRunner {
    private final JsonObject config;
    private final Map<String, ServiceContainer> containers = new LinkedHashMap<>();
    private Vertx vertx;
    private boolean ownsVertx;

    public ServiceRunner(JsonObject config) {
        this.config = config.copy();
    }

    public ServiceRunner(Vertx vertx, JsonObject config) {
        this(config);
        this.vertx = vertx;
    }

    /** Adds a service; a second class with the same service name is refused. */
    public ServiceRunner addService(Class<?> serviceClass) {
        ServiceContainer container = new ServiceContainer(serviceClass, config);
        ServiceContainer other = containers.putIfAbsent(container.serviceName(), container);
        if (other != null) {
            throw new ConfigurationError(other.serviceClass() == serviceClass
                    ? "service '" + container.serviceName() + "' (" + serviceClass.getName() + ") was added twice"
                    : "two classes are named service '" + container.serviceName() + "': "
                    + other.serviceClass().getName() + " and " + serviceClass.getName() + "; rename one in its @Service");
        }
        return this;
    }

    /** Starts every container side by side; fails if any fails, after stopping the others. */
    public Future<Void> start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            ownsVertx = true;
        }
        return all(c -> c.start(vertx)).recover(e -> all(ServiceContainer::kill).transform(x -> Future.failedFuture(e)));
    }

    /** Stops every container gracefully, then the Vert.x instance if the runner made it. */
    public Future<Void> stop() {
        return closeAfter(all(ServiceContainer::stop));
    }

    public Future<Void> kill() {
        return closeAfter(all(ServiceContainer::kill));
    }

    private Future<Void> closeAfter(Future<Void> done) {
        if (!ownsVertx || vertx == null) {
            return done;
        }
        Vertx owned = vertx;
        vertx = null;
        return done.eventually(owned::close);
    }

    private Future<Void> all(Function<ServiceContainer, Future<Void>> action) {
        List<Future<Void>> futures = new ArrayList<>();
        containers.values().forEach(c -> futures.add(action.apply(c)));
        return Future.all(futures).mapEmpty();
    }

    /** The container running {@code serviceClass}. */
    public ServiceContainer container(Class<?> serviceClass) {
        return containers.values().stream().filter(c -> c.serviceClass() == serviceClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(serviceClass.getName() + " is not in this runner"));
    }

    public List<String> serviceNames() {
        return List.copyOf(containers.keySet());
    }

    public List<ServiceContainer> containers() {
        return List.copyOf(containers.values());
    }

    public Vertx vertx() {
        return vertx;
    }
}
