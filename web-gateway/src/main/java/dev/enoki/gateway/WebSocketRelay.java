package dev.enoki.gateway;

import dev.enoki.http.HttpContextData;
import dev.enoki.http.HttpReply;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code GET /ws} behind the gateway: the websocket is relayed, frame by frame, to the {@code /ws} of a node whose
 * services have {@code @WsRpc} methods (the records' {@code extra.websocket}), one node in turn per connection. It
 * comes after the gateway's rate limit and bearer check like every route. Each side is read only while the other can
 * take more, so a slow reader holds back its writer instead of filling the gateway's memory; either side closing
 * closes the other.
 */
final class WebSocketRelay implements Handler<RoutingContext> {
    private static final String PATH = "/ws";
    /** The handshake of the client's connection is not the node connection's: the client makes its own. */
    private static final Set<String> NOT_RELAYED = Set.of("connection", "keep-alive", "upgrade", "host",
            "content-length", "transfer-encoding", "te", "trailer", "proxy-authorization", "proxy-authenticate",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-accept",
            HttpContextData.CALL_ID_HEADER.toLowerCase());

    private final ServiceRegistry registry;
    private final WebSocketClient client;
    private final AtomicInteger turn = new AtomicInteger();

    WebSocketRelay(ServiceRegistry registry, WebSocketClient client) {
        this.registry = registry;
        this.client = client;
    }

    /**
     * The first handler of {@code GET /ws}: holds the handshake request unread while the rate limit, the bearer check
     * and the registry answer, since a request read to its end can no longer become a websocket.
     */
    static void holdHandshake(RoutingContext ctx) {
        ctx.request().pause();
        ctx.next();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String upgrade = ctx.request().getHeader("Upgrade");
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            HttpReply.ofError(400, "BadRequest", PATH + " takes websocket connections only").writeTo(ctx.response());
            return;
        }
        registry.all().onComplete(all -> {
            List<String> nodes = all.succeeded() ? nodesOf(all.result()) : List.of();
            if (nodes.isEmpty()) {
                HttpReply.ofError(404, "NotFound", "no service serves websocket methods").writeTo(ctx.response());
                return;
            }
            connect(ctx, nodes, Math.floorMod(turn.getAndIncrement(), nodes.size()), nodes.size());
        });
    }

    /** The node servers that serve {@code /ws}, in a stable order. */
    private static List<String> nodesOf(List<ServiceRecord> records) {
        Set<String> addresses = new TreeSet<>();
        for (ServiceRecord record : records) {
            JsonArray methods = record.extra().getJsonArray("websocket");
            if (methods != null) {
                methods.forEach(m -> {
                    String address = ((JsonObject) m).getString("address");
                    if (address != null) {
                        addresses.add(address);
                    }
                });
            }
        }
        return List.copyOf(addresses);
    }

    private void connect(RoutingContext ctx, List<String> nodes, int index, int triesLeft) {
        String address = nodes.get(index);
        int colon = address.lastIndexOf(':');
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        ctx.request().headers().forEach(h -> {
            if (!NOT_RELAYED.contains(h.getKey().toLowerCase())) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        headers.set(HttpContextData.CALL_ID_HEADER, callIds(ctx));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1))).setURI(PATH).setHeaders(headers)
                .setConnectTimeout(2_000);
        // The node greets at once: its socket stays paused until the relay can take the greeting
        client.connect(options).map(WebSocketRelay::paused).onSuccess(node -> upgrade(ctx)
                .onSuccess(socket -> {
                    relay(socket, node);
                    relay(node, socket);
                    node.resume();
                })
                .onFailure(e -> {
                    node.close();
                    if (!ctx.response().ended()) {
                        HttpReply.ofError(400, "BadRequest", "not a websocket handshake: " + e.getMessage())
                                .writeTo(ctx.response());
                    }
                }))
                .onFailure(e -> {
                    if (triesLeft > 1) {
                        connect(ctx, nodes, (index + 1) % nodes.size(), triesLeft - 1);
                    } else {
                        HttpReply.ofError(502, "BadGateway", "no node serving " + PATH + " could be reached")
                                .writeTo(ctx.response());
                    }
                });
    }

    private static WebSocket paused(WebSocket socket) {
        socket.pause();
        return socket;
    }

    /** The client's side of the relay; a request that can no longer be upgraded is a failed future, not a throw. */
    private static Future<ServerWebSocket> upgrade(RoutingContext ctx) {
        try {
            return ctx.request().toWebSocket();
        } catch (IllegalStateException e) {
            return Future.failedFuture(e);
        }
    }

    private static String callIds(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HttpContextData.CALL_ID_HEADER);
        String own = GatewayContext.callId(ctx);
        return incoming == null || incoming.isBlank() ? own : incoming + "," + own;
    }

    /** Messages from {@code from} to {@code to}, text staying text; {@code from} pauses while {@code to} is full. */
    private static void relay(WebSocketBase from, WebSocketBase to) {
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            holdWhileFull(from, to);
        });
        from.binaryMessageHandler(bytes -> {
            to.writeBinaryMessage(bytes);
            holdWhileFull(from, to);
        });
        from.closeHandler(v -> {
            if (!to.isClosed()) {
                to.close();
            }
        });
        from.exceptionHandler(e -> from.close());
    }

    private static void holdWhileFull(WebSocketBase from, WebSocketBase to) {
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(v -> {
                to.drainHandler(null);
                from.resume();
            });
        }
    }
}
