package dev.enoki;

/** The arguments do not fit the method: wrong count, unknown or missing names, or types that do not bind. */
public final class IncorrectSignature extends BadRequest {
    public IncorrectSignature(String message) {
        super(message);
    }
}
