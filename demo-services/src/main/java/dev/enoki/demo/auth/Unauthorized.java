package dev.enoki.demo.auth;

/** A valid token without the role the method asks for. */
public class Unauthorized extends RuntimeException {
    public Unauthorized(String message) {
        super(message);
    }
}
