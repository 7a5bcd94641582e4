package dev.enoki;

/**
 * No instance of the service exists anywhere the caller can reach: reported at once, not after a timeout. The
 * message is Nameko's ("Unknown service `orders`"), or says what the transport saw, such as a RabbitMQ queue that
 * outlived its service and has no consumer.
 */
public final class UnknownService extends EnokiException {
    private final String service;

    public UnknownService(String service) {
        this(service, "Unknown service `" + service + "`");
    }

    public UnknownService(String service, String message) {
        super(message);
        this.service = service;
    }

    public String service() {
        return service;
    }
}
