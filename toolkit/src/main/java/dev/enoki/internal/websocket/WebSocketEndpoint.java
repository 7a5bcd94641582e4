package dev.enoki.internal.websocket;

import dev.enoki.ConfigurationError;
import dev.enoki.ConnectionNotFound;
import dev.enoki.http.HttpContextData;
import dev.enoki.http.HttpReply;
import dev.enoki.internal.VertxInternals;
import dev.enoki.internal.http.NodeWebServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The websocket endpoint of one node web server, {@code GET /ws}, shared by every container of the node: it keeps the
 * sockets connected here, the {@code @WsRpc} methods by name, and which sockets listen to which hub channel. Hub
 * broadcasts arrive on the event bus address {@link #HUB_ADDRESS} and go to this node's subscribers. Containers lease
 * it; the last release closes its sockets and takes the route away.
 */
final class WebSocketEndpoint implements Shareable {
    static final String PATH = "/ws";
    static final String HUB_ADDRESS = "enoki.websocket.hub";
    private static final String MAP = "enoki.websocket-endpoints";
    private static final Object LEASES = new Object();

    private final Vertx vertx;
    private final String address;
    private final Map<String, WsRpcEntrypoint> methods = new ConcurrentHashMap<>();
    private final Map<String, WsConnection> sockets = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
    private final Route route;
    private final Future<MessageConsumer<JsonObject>> hub;
    private int leases;

    private WebSocketEndpoint(Vertx vertx, NodeWebServer server, String address) {
        this.vertx = vertx;
        this.address = address;
        this.route = server.addGetRoute(PATH, this::upgrade);
        this.hub = listenToHub();
    }

    /** Takes a lease on the endpoint of the web server at {@code address}, making it on first use. */
    static WebSocketEndpoint acquire(Vertx vertx, NodeWebServer server, String address) {
        synchronized (LEASES) {
            LocalMap<String, WebSocketEndpoint> endpoints = vertx.sharedData().getLocalMap(MAP);
            WebSocketEndpoint endpoint = endpoints.get(address);
            if (endpoint == null) {
                endpoint = new WebSocketEndpoint(vertx, server, address);
                endpoints.put(address, endpoint);
            }
            endpoint.leases++;
            return endpoint;
        }
    }

    /** The endpoint of the web server at {@code address} on this node, or null when none serves websockets. */
    static WebSocketEndpoint of(Vertx vertx, String address) {
        return vertx.sharedData().<String, WebSocketEndpoint>getLocalMap(MAP).get(address);
    }

    /** Gives a lease back; the last one closes every socket (1001) and stops serving {@code /ws}. */
    Future<Void> release() {
        synchronized (LEASES) {
            if (--leases > 0) {
                return Future.succeededFuture();
            }
            vertx.sharedData().getLocalMap(MAP).remove(address);
        }
        route.remove();
        List<Future<Void>> closing = new ArrayList<>();
        sockets.values().forEach(s -> closing.add(s.close()));
        closing.add(hub.compose(MessageConsumer::unregister, e -> Future.succeededFuture()));
        return Future.join(closing).transform(x -> Future.succeededFuture());
    }

    /** Registered from a context of its own, so that no container's undeploy takes the consumer with it. */
    private Future<MessageConsumer<JsonObject>> listenToHub() {
        Promise<MessageConsumer<JsonObject>> registered = Promise.promise();
        VertxInternals.newEventLoopContext(vertx).runOnContext(v -> {
            MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(HUB_ADDRESS,
                    m -> deliver(m.body().getString("channel"), m.body().getString("frame")));
            consumer.completion().map(x -> consumer).onComplete(registered);
        });
        return registered.future();
    }

    synchronized void add(Collection<WsRpcEntrypoint> entrypoints) {
        for (WsRpcEntrypoint e : entrypoints) {
            WsRpcEntrypoint other = methods.putIfAbsent(e.name(), e);
            if (other != null && other != e) {
                remove(entrypoints);
                throw new ConfigurationError("websocket method " + e.name() + " is served twice on " + address
                        + ": by " + other + " and by " + e);
            }
        }
    }

    synchronized void remove(Collection<WsRpcEntrypoint> entrypoints) {
        entrypoints.forEach(e -> methods.remove(e.name(), e));
    }

    WsRpcEntrypoint entrypoint(String method) {
        return methods.get(method);
    }

    private void upgrade(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            HttpReply.ofError(400, "BadRequest", PATH + " takes websocket connections only")
                    .writeTo(ctx.response());
            return;
        }
        Map<String, Object> contextData = HttpContextData.fromHeaders(ctx.request().headers());
        Future<ServerWebSocket> upgraded;
        try {
            upgraded = ctx.request().toWebSocket();
        } catch (IllegalStateException e) {
            upgraded = Future.failedFuture(e);   // read to its end already: it can no longer become a websocket
        }
        upgraded.onSuccess(socket -> {
            WsConnection connection = new WsConnection(UUID.randomUUID().toString(), socket, contextData, this);
            sockets.put(connection.id(), connection);
            connection.open();
        }).onFailure(e -> {
            if (!ctx.response().ended()) {
                HttpReply.ofError(400, "BadRequest", "not a websocket handshake: " + e.getMessage())
                        .writeTo(ctx.response());
            }
        });
    }

    /** The socket went away: forget it and its subscriptions. */
    void closed(WsConnection connection) {
        sockets.remove(connection.id());
        for (String channel : connection.channels()) {
            unsubscribe(connection.id(), channel);
        }
    }

    void subscribe(String socketId, String channel) {
        WsConnection connection = sockets.get(socketId);
        if (connection == null) {
            throw new ConnectionNotFound(socketId);
        }
        connection.channels().add(channel);
        subscribers.compute(channel, (c, ids) -> {
            Set<String> listening = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            listening.add(socketId);
            return listening;
        });
    }

    void unsubscribe(String socketId, String channel) {
        WsConnection connection = sockets.get(socketId);
        if (connection != null) {
            connection.channels().remove(channel);
        }
        subscribers.computeIfPresent(channel, (c, ids) -> {
            ids.remove(socketId);
            return ids.isEmpty() ? null : ids;
        });
    }

    List<String> subscriptions(String socketId) {
        WsConnection connection = sockets.get(socketId);
        return connection == null ? List.of() : connection.channels().stream().sorted().toList();
    }

    boolean unicast(String socketId, String frame) {
        WsConnection connection = sockets.get(socketId);
        if (connection == null) {
            return false;
        }
        connection.send(frame);
        return true;
    }

    private void deliver(String channel, String frame) {
        Set<String> ids = subscribers.get(channel);
        if (ids != null) {
            ids.forEach(id -> unicast(id, frame));
        }
    }
}
