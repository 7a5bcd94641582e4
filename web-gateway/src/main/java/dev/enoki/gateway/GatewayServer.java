package dev.enoki.gateway;

import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One of the gateway's HTTP servers. Each is deployed on an event loop of its own and all of them listen on one
 * port, which Vert.x shares among them, so parsing, routing and answering spread over as many cores as there are
 * servers.
 */
final class GatewayServer implements Deployable {
    private final HttpServerOptions options;
    private final String host;
    private final int port;
    private final Supplier<Router> router;
    private HttpServer server;

    GatewayServer(HttpServerOptions options, String host, int port, Supplier<Router> router) {
        this.options = options;
        this.host = host;
        this.port = port;
        this.router = router;
    }

    @Override
    public Future<?> deploy(Context context) {
        return context.owner().createHttpServer(options).requestHandler(router.get()).listen(port, host)
                .onSuccess(s -> server = s);
    }

    /** Requests already being answered get up to 5 s before their connections are closed. */
    @Override
    public Future<?> undeploy(Context context) {
        return server == null ? Future.succeededFuture() : server.shutdown(5, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }
}
