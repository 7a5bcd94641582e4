package dev.enoki.internal.websocket;

import dev.enoki.ContainerContext;
import dev.enoki.Extension;
import dev.enoki.internal.http.NodeWebServer;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A container's share of the node's websocket endpoint: one per container, holding its {@code @WsRpc} methods.
 * Starting leases the node's web server and the endpoint on it; stopping takes the methods away and gives both back.
 */
final class WebSocketLease implements Extension {
    private final ContainerContext container;
    private final List<WsRpcEntrypoint> entrypoints = new ArrayList<>();
    private NodeWebServer server;
    private WebSocketEndpoint endpoint;

    WebSocketLease(ContainerContext container) {
        this.container = container;
    }

    void register(WsRpcEntrypoint entrypoint) {
        entrypoints.add(entrypoint);
    }

    @Override
    public Future<Void> start() {
        server = NodeWebServer.acquire(container.vertx(), container.options());
        return server.started().compose(v -> {
            endpoint = WebSocketEndpoint.acquire(container.vertx(), server, container.options().webServerAddress());
            try {
                endpoint.add(entrypoints);
            } catch (RuntimeException e) {
                return endpoint.release().transform(x -> Future.<Void>failedFuture(e));
            }
            return Future.<Void>succeededFuture();
        }).recover(e -> {
            endpoint = null;
            return server.release().transform(x -> Future.failedFuture(e));
        });
    }

    @Override
    public Future<Void> stop() {
        if (server == null) {
            return Future.succeededFuture();
        }
        NodeWebServer released = server;
        server = null;
        if (endpoint == null) {
            return released.release();
        }
        endpoint.remove(entrypoints);
        WebSocketEndpoint left = endpoint;
        endpoint = null;
        return left.release().eventually(released::release);
    }

    @Override
    public void kill() {
        stop();
    }

    String advertisedAddress() {
        return server == null ? null : server.advertisedAddress();
    }
}
