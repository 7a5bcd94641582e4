package dev.enoki.websocket;

import dev.enoki.ContextData;
import dev.enoki.Service;
import dev.enoki.WebSocketHub;
import dev.enoki.WsHub;
import dev.enoki.WsRpc;

import java.util.List;
import java.util.Map;

/** Websocket methods over the hub: channels to join and leave, messages to all of a channel or to one socket. */
@Service("ws_chat")
public class ChatService {
    @WsHub
    WebSocketHub hub;

    @ContextData("language")
    String language;

    @WsRpc
    public String echo(String socketId, String value) {
        return value;
    }

    @WsRpc
    public List<String> join(String socketId, String channel) {
        hub.subscribe(socketId, channel);
        return hub.subscriptions(socketId);
    }

    /** Subscribes another socket, which must be connected to this node. */
    @WsRpc
    public void enrol(String socketId, String other, String channel) {
        hub.subscribe(other, channel);
    }

    @WsRpc
    public List<String> leave(String socketId, String channel) {
        hub.unsubscribe(socketId, channel);
        return hub.subscriptions(socketId);
    }

    @WsRpc
    public void say(String socketId, String channel, String text) {
        hub.broadcast(channel, "said", Map.of("from", socketId, "text", text));
    }

    @WsRpc
    public boolean whisper(String socketId, String to, String text) {
        return hub.unicast(to, "whispered", Map.of("from", socketId, "text", text));
    }

    /** Broadcasts {@code count} events of {@code size} characters each, more than a socket's write queue holds. */
    @WsRpc
    public int flood(String socketId, String channel, int count, int size) {
        String filler = "x".repeat(size);
        for (int i = 0; i < count; i++) {
            hub.broadcast(channel, "flood", Map.of("n", i, "filler", filler));
        }
        return count;
    }

    @WsRpc
    public String language(String socketId) {
        return language;
    }

    @WsRpc
    public String fail(String socketId, String why) {
        throw new IllegalStateException(why);
    }
}
