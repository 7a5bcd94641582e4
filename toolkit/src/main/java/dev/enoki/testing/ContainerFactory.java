package dev.enoki.testing;

import dev.enoki.Blocking;
import dev.enoki.EnokiClient;
import dev.enoki.ServiceContainer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes and starts containers on a Vert.x instance of its own and kills them all on {@link #close()}, as Nameko's
 * {@code container_factory} fixture: one per test, closed after it.
 */
public final class ContainerFactory implements AutoCloseable {
    private final Vertx vertx;
    private final JsonObject config;
    private final List<ServiceContainer> containers = new ArrayList<>();
    private final List<EnokiClient> clients = new ArrayList<>();

    public ContainerFactory() {
        this(new JsonObject());
    }

    public ContainerFactory(JsonObject config) {
        this(Vertx.vertx(), config);
    }

    public ContainerFactory(Vertx vertx, JsonObject config) {
        this.vertx = vertx;
        this.config = config.copy();
    }

    /** A container with the factory's config, not yet started, e.g. to replace dependencies first. */
    public ServiceContainer create(Class<?> serviceClass) {
        return create(serviceClass, new JsonObject());
    }

    /** A container whose config is the factory's plus {@code overrides}. */
    public ServiceContainer create(Class<?> serviceClass, JsonObject overrides) {
        ServiceContainer container = new ServiceContainer(serviceClass, config.copy().mergeIn(overrides, true));
        containers.add(container);
        return container;
    }

    /** Makes and starts a container; blocks until it runs. */
    public ServiceContainer start(Class<?> serviceClass) {
        return start(create(serviceClass));
    }

    public ServiceContainer start(ServiceContainer container) {
        if (!containers.contains(container)) {
            containers.add(container);
        }
        Blocking.await(container.start(vertx));
        return container;
    }

    /** A standalone client on the same Vert.x instance and config. */
    public EnokiClient client() {
        EnokiClient client = Blocking.await(EnokiClient.connect(vertx, config));
        clients.add(client);
        return client;
    }

    public Vertx vertx() {
        return vertx;
    }

    @Override
    public void close() {
        clients.forEach(EnokiClient::close);
        List<Future<Void>> killed = containers.stream().map(ServiceContainer::kill).toList();
        Blocking.await(Future.join(killed).<Void>mapEmpty().recover(e -> Future.succeededFuture())
                .eventually(vertx::close));
    }
}
