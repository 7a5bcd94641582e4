package dev.enoki;

/** The container was killed while the call waited or ran. */
public final class ContainerBeingKilled extends EnokiException {
    public ContainerBeingKilled(String message) {
        super(message);
    }
}
