package dev.enoki;

/** A method returned a value that cannot be written as JSON. */
public final class UnserializableValueError extends EnokiException {
    public UnserializableValueError(String message) {
        super(message);
    }
}
