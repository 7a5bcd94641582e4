package dev.enoki.demo.websocket;

import dev.enoki.Service;
import dev.enoki.WebSocketHub;
import dev.enoki.WsHub;
import dev.enoki.WsRpc;

/**
 * Nameko's {@code websocket_rpc.py}: {@code echo} answers websocket clients of the node's web server at
 * {@code GET /ws}; the hub is there, as in the original, for methods that push events to clients.
 */
@Service("websocket_service")
public class WebsocketService {

    @WsHub
    WebSocketHub websocketHub;

    @WsRpc
    public Object echo(String socketId, Object value) {
        return value;
    }
}
