package dev.enoki;

/** The caller sent something the service cannot take; HTTP maps it to 400, as Nameko. */
public class BadRequest extends EnokiException {
    public BadRequest(String message) {
        super(message);
    }
}
