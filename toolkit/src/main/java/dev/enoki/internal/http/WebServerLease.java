package dev.enoki.internal.http;

import dev.enoki.ContainerContext;
import dev.enoki.Extension;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's share of the node's {@link NodeWebServer}: one per container, holding its {@code @Http}
 * entrypoints. Starting takes a lease and adds the routes; stopping removes them and gives the lease back.
 */
final class WebServerLease implements Extension {
    private final ContainerContext container;
    private final List<HttpEntrypoint> entrypoints = new ArrayList<>();
    private NodeWebServer server;

    WebServerLease(ContainerContext container) {
        this.container = container;
    }

    void register(HttpEntrypoint entrypoint) {
        entrypoints.add(entrypoint);
    }

    @Override
    public Future<Void> start() {
        server = NodeWebServer.acquire(container.vertx(), container.options());
        return server.started().compose(v -> {
            server.add(entrypoints);
            return Future.<Void>succeededFuture();
        }).recover(e -> server.release().transform(x -> Future.failedFuture(e)));
    }

    @Override
    public Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        server.remove(entrypoints);
        NodeWebServer released = server;
        server = null;
        return released.release();
    }

    @Override
    public void kill() {
        stop();
    }

    String advertisedAddress() {
        return server == null ? null : server.advertisedAddress();
    }
}
