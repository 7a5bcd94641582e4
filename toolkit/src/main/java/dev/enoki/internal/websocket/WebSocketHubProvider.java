package dev.enoki.internal.websocket;

import dev.enoki.AbstractDependencyProvider;
import dev.enoki.ConnectionNotFound;
import dev.enoki.WebSocketHub;
import dev.enoki.WorkerContext;
import dev.enoki.WsHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code @WsHub}: one {@link WebSocketHub} per container, over the websocket endpoint of the node's web server.
 * Broadcasts go out on the event bus, so they reach the subscribers on every node; the rest acts on this node's
 * sockets.
 */
public final class WebSocketHubProvider extends AbstractDependencyProvider<WsHub, WebSocketHub> {
    private WebSocketHub hub;

    public WebSocketHubProvider() {
        super(WsHub.class);
    }

    @Override
    public Future<Void> setup() {
        hub = new NodeHub(container.vertx(), container.options().webServerAddress());
        return Future.succeededFuture();
    }

    @Override
    public WebSocketHub get(WorkerContext worker) {
        return hub;
    }

    /** The hub of one node; it finds the endpoint at each call, since it starts and stops with the containers. */
    private record NodeHub(Vertx vertx, String address) implements WebSocketHub {

        @Override
        public void subscribe(String socketId, String channel) {
            WebSocketEndpoint endpoint = WebSocketEndpoint.of(vertx, address);
            if (endpoint == null) {
                throw new ConnectionNotFound(socketId);
            }
            endpoint.subscribe(socketId, channel);
        }

        @Override
        public void unsubscribe(String socketId, String channel) {
            WebSocketEndpoint endpoint = WebSocketEndpoint.of(vertx, address);
            if (endpoint != null) {
                endpoint.unsubscribe(socketId, channel);
            }
        }

        @Override
        public List<String> subscriptions(String socketId) {
            WebSocketEndpoint endpoint = WebSocketEndpoint.of(vertx, address);
            return endpoint == null ? List.of() : endpoint.subscriptions(socketId);
        }

        @Override
        public void broadcast(String channel, String event, Object data) {
            vertx.eventBus().publish(WebSocketEndpoint.HUB_ADDRESS,
                    new JsonObject().put("channel", channel).put("frame", WsFrames.event(event, data)));
        }

        @Override
        public boolean unicast(String socketId, String event, Object data) {
            WebSocketEndpoint endpoint = WebSocketEndpoint.of(vertx, address);
            return endpoint != null && endpoint.unicast(socketId, WsFrames.event(event, data));
        }
    }
}
