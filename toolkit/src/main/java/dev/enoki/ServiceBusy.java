package dev.enoki;

/** Every worker of the container is busy and its bounded wait queue is full; try again later (HTTP 503). */
public final class ServiceBusy extends EnokiException {
    public ServiceBusy(String message) {
        super(message);
    }
}
