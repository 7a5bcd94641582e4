package dev.enoki;

/**
 * Calls from this container to a service failed too often of late, so this one was not sent: the circuit breaker
 * is open and lets a probe through once its wait is over (HTTP 503).
 */
public final class CircuitOpen extends EnokiException {
    public CircuitOpen(String message) {
        super(message);
    }
}
