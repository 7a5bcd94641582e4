package dev.enoki;

/** The root of every error Enoki raises. */
public class EnokiException extends RuntimeException {
    public EnokiException(String message) {
        super(message);
    }

    public EnokiException(String message, Throwable cause) {
        super(message, cause);
    }
}
