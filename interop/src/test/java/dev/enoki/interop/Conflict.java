package dev.enoki.interop;

/** The caller's fault, declared as an expected exception: a Nameko caller sees its Java class in {@code exc_path}. */
public class Conflict extends RuntimeException {
    public Conflict(String message) {
        super(message);
    }
}
