package dev.enoki.demo.auth;

/** Wrong user name or password, or no token where one is needed. */
public class Unauthenticated extends RuntimeException {
    public Unauthenticated(String message) {
        super(message);
    }
}
