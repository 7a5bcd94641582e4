package dev.enoki.internal.http;


import dev.enoki.ConfigurationError;
import dev.enoki.EnokiOptions;
import dev.enoki.http.HttpReply;
import dev.enoki.http.PortInUse;
import dev.enoki.internal.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The one web server of a node (a Vert.x instance) for one {@code WEB_SERVER_ADDRESS}, shared by every container
 * on it. Containers lease it; the first lease deploys it (a verticle of its own, so that no container's undeploy
 * closes it under the others) and the last release shuts it down gracefully. Settings come from the first lessee's
 * {@link EnokiOptions}: {@code WEB_SERVER_ADDRESS}, {@code WEB_SERVER_BODY_LIMIT}, {@code WEB_SERVER_SHUTDOWN_MILLIS}
 * and {@code WEB_SERVER_ADVERTISED_ADDRESS} (what the service records publish).
 */
public final class NodeWebServer implements Deployable, Shareable {
    private static final Logger log = LoggerFactory.getLogger(NodeWebServer.class);
    private static final String MAP = "enoki.http-servers";
    private static final String ALLOW = "enoki.allow";
    private static final Object LEASES = new Object();

    private final Vertx vertx;
    private final String address;
    private final EnokiOptions options;
    private final Map<String, PathRoutes> paths = new HashMap<>();
    private int leases;
    private Future<Void> started;
    private Router router;
    private HttpServer server;
    private String advertisedAddress;
    private String deploymentId;

    private NodeWebServer(Vertx vertx, String address, EnokiOptions options) {
        this.vertx = vertx;
        this.address = address;
        this.options = options;
    }

    /** Takes a lease on the node's server for these options' address, starting it on first use. */
    public static NodeWebServer acquire(Vertx vertx, EnokiOptions options) {
        String address = options.webServerAddress();
        synchronized (LEASES) {
            LocalMap<String, NodeWebServer> servers = vertx.sharedData().getLocalMap(MAP);
            NodeWebServer server = servers.get(address);
            if (server == null) {
                server = new NodeWebServer(vertx, address, options);
                servers.put(address, server);
                server.started = deployTopLevel(vertx, server);
            }
            server.leases++;
            return server;
        }
    }

    /**
     * Deploys from a fresh context: deployed from a container's context it would be that container's child and be
     * undeployed with it, under the other containers still using it.
     */
    private static Future<Void> deployTopLevel(Vertx vertx, NodeWebServer server) {
        Promise<Void> deployed = Promise.promise();
        VertxInternals.newEventLoopContext(vertx)
                .runOnContext(v -> vertx.deployVerticle(server).<Void>mapEmpty().onComplete(deployed));
        return deployed.future();
    }

    /** Gives a lease back; the last one shuts the server down, letting requests in flight finish. */
    public Future<Void> release() {
        synchronized (LEASES) {
            if (--leases > 0) {
                return Future.succeededFuture();
            }
            vertx.sharedData().<String, NodeWebServer>getLocalMap(MAP).remove(address);
        }
        return started.compose(v -> vertx.undeploy(deploymentId), e -> Future.succeededFuture());
    }

    /** The port the node's server for {@code config}'s address listens on; -1 when none runs. */
    public static int port(Vertx vertx, JsonObject config) {
        String address = EnokiOptions.fromJson(config).webServerAddress();
        NodeWebServer server = vertx.sharedData().<String, NodeWebServer>getLocalMap(MAP).get(address);
        return server == null || server.server == null ? -1 : server.server.actualPort();
    }

    public Future<Void> started() {
        return started;
    }

    /** {@code host:port} for other nodes to reach this server. */
    public String advertisedAddress() {
        return advertisedAddress;
    }

    @Override
    public Future<?> deploy(Context context) {
        deploymentId = context.deploymentID();
        router = Router.router(vertx);
        long bodyLimit = options.webServerBodyLimit();
        router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
        router.errorHandler(404, this::notFound);
        router.errorHandler(413, ctx -> HttpReply.ofError(413, "PayloadTooLarge",
                "the request body is larger than " + bodyLimit + " bytes").writeTo(ctx.response()));
        router.errorHandler(500, ctx -> {
            log.error("HTTP request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            HttpReply.ofError(500, "InternalServerError", "the request could not be handled").writeTo(ctx.response());
        });
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "0.0.0.0" : address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        return vertx.createHttpServer().requestHandler(router).listen(port, host)
                .recover(e -> Future.failedFuture(PortInUse.explain(e, host + ":" + port,
                        "set WEB_SERVER_ADDRESS to a free [host:]port")))
                .compose(s -> {
                    server = s;
                    return vertx.executeBlocking(() -> advertise(host, s.actualPort()));
                })
                .onSuccess(a -> {
                    advertisedAddress = a;
                    log.info("web server listening on {}:{}, advertised as {}", host, server.actualPort(), a);
                });
    }

    @Override
    public Future<?> undeploy(Context context) {
        long grace = options.webServerShutdownGrace().toMillis();
        return server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.MILLISECONDS);
    }

    /** Looks the local host up when bound to every interface: a DNS call, so never on an event loop. */
    private String advertise(String host, int port) {
        String configured = options.webServerAdvertisedAddress();
        if (configured != null) {
            return configured;
        }
        if (host.equals("0.0.0.0") || host.equals("::")) {
            try {
                host = InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                host = "127.0.0.1";
            }
        }
        return host + ":" + port;
    }

    /** Routes {@code GET path} to {@code handler}, for what is not an {@code @Http} entrypoint (the websocket endpoint). */
    public synchronized Route addGetRoute(String path, Handler<RoutingContext> handler) {
        return router.get(path).handler(handler);
    }

    synchronized void add(Collection<HttpEntrypoint> entrypoints) {
        for (HttpEntrypoint e : entrypoints) {
            PathRoutes routes = paths.computeIfAbsent(e.path().path(), p -> new PathRoutes());
            for (String method : e.methods()) {
                HttpEntrypoint other = routes.byMethod.putIfAbsent(method, e);
                if (other != null && other != e) {
                    remove(entrypoints);
                    throw new ConfigurationError(method + " " + e.path() + " is served twice on " + address
                            + ": by " + other + " and by " + e);
                }
            }
            if (routes.route == null) {
                routes.route = router.route(e.path().path()).handler(routes);
            }
        }
    }

    synchronized void remove(Collection<HttpEntrypoint> entrypoints) {
        for (HttpEntrypoint e : entrypoints) {
            PathRoutes routes = paths.get(e.path().path());
            if (routes == null) {
                continue;
            }
            routes.byMethod.values().removeIf(x -> x == e);
            if (routes.byMethod.isEmpty()) {
                paths.remove(e.path().path());
                if (routes.route != null) {
                    routes.route.remove();
                }
            }
        }
    }

    private void notFound(RoutingContext ctx) {
        Set<String> allow = ctx.get(ALLOW);
        if (allow != null) {
            HttpReply.ofError(405, "MethodNotAllowed", ctx.request().method() + " is not allowed on "
                    + ctx.request().path()).withHeader("Allow", String.join(", ", allow)).writeTo(ctx.response());
        } else {
            HttpReply.ofError(404, "NotFound", "no route for " + ctx.request().path()).writeTo(ctx.response());
        }
    }

    /** The entrypoints of one path, by method; a method that has none passes on, remembering what is allowed. */
    private static final class PathRoutes implements Handler<RoutingContext> {
        final Map<String, HttpEntrypoint> byMethod = new ConcurrentHashMap<>();
        Route route;

        @Override
        public void handle(RoutingContext ctx) {
            HttpEntrypoint entrypoint = byMethod.get(ctx.request().method().name());
            if (entrypoint != null) {
                entrypoint.handle(ctx);
                return;
            }
            Set<String> allow = ctx.get(ALLOW);
            if (allow == null) {
                allow = new TreeSet<>();
                ctx.put(ALLOW, allow);
            }
            allow.addAll(byMethod.keySet());
            ctx.next();
        }
    }
}
