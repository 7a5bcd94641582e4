package dev.enoki.demo.http;

/** A 400 with error code {@code INVALID_ARGUMENTS}, as in Nameko's example. */
public class InvalidArgumentsError extends HttpError {
    public InvalidArgumentsError(String message) {
        super(400, "INVALID_ARGUMENTS", message);
    }
}
