package dev.enoki.gateway;

import dev.enoki.Service;
import dev.enoki.WebSocketHub;
import dev.enoki.WsHub;
import dev.enoki.WsRpc;

import java.util.Map;

/** A websocket service behind the gateway: an echo, and a room to enter and speak in through the hub. */
@Service("room")
public class RoomService {
    @WsHub
    WebSocketHub hub;

    @WsRpc
    public String echo(String socketId, String value) {
        return value;
    }

    @WsRpc
    public void enter(String socketId, String room) {
        hub.subscribe(socketId, room);
    }

    @WsRpc
    public void speak(String socketId, String room, String text) {
        hub.broadcast(room, "spoken", Map.of("text", text));
    }
}
