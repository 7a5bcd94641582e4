package dev.enoki;

/** The service has no RPC method of that name; the message is the method name. */
public final class MethodNotFound extends BadRequest {
    public MethodNotFound(String message) {
        super(message);
    }
}
