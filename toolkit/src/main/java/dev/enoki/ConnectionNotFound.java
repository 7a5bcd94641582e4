package dev.enoki;

/** No websocket of that id is connected to this node; the message is the socket id. */
public final class ConnectionNotFound extends BadRequest {
    public ConnectionNotFound(String message) {
        super(message);
    }
}
