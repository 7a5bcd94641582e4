package dev.enoki;

import java.util.List;

/**
 * Channels of websocket clients, as Nameko's {@code WebSocketHub}. A socket lives on the node it connected to:
 * {@link #subscribe}, {@link #unsubscribe}, {@link #subscriptions} and {@link #unicast} reach the sockets of this
 * node only, while {@link #broadcast} is published on the Vert.x event bus and reaches the subscribers on every node
 * of the Vert.x instance or cluster. Events are sent as {@code {"type": "event", "event": ..., "data": ...}}; an
 * event for a socket whose write queue is full is dropped, so a slow client never grows memory.
 */
public interface WebSocketHub {

    /** Subscribes a socket of this node to {@code channel}; {@link ConnectionNotFound} when there is none. */
    void subscribe(String socketId, String channel);

    void unsubscribe(String socketId, String channel);

    /** The channels the socket is subscribed to, sorted; empty for an unknown socket. */
    List<String> subscriptions(String socketId);

    /** Sends the event to every subscriber of {@code channel}, on any node. */
    void broadcast(String channel, String event, Object data);

    /** Sends the event to one socket of this node; false when this node has no such socket. */
    boolean unicast(String socketId, String event, Object data);
}
