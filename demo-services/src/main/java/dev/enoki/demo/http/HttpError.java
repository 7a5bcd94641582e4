package dev.enoki.demo.http;

import dev.enoki.HttpResponse;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Nameko's {@code http_exceptions.py} error: an exception that knows its HTTP status and error code. Nameko
 * subclasses its entrypoint to turn it into a response; here {@link #respond} does that around a method's body.
 */
public class HttpError extends RuntimeException {
    private final int status;
    private final String errorCode;

    public HttpError(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The body's result, or the {@code {"error", "message"}} JSON response of the HttpError it threw. */
    public static Object respond(Supplier<?> body) {
        try {
            return body.get();
        } catch (HttpError e) {
            return HttpResponse.of(e.status, Map.of("error", e.errorCode, "message", e.getMessage()));
        }
    }
}
