package dev.enoki;

/** The request could not be decoded: not JSON, or missing {@code args} or {@code kwargs}. */
public final class MalformedRequest extends BadRequest {
    public MalformedRequest(String message) {
        super(message);
    }
}
