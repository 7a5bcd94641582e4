package dev.enoki;

/** No instance of the service exists anywhere the caller can reach: reported at once, not after a timeout. */
public final class UnknownService extends EnokiException {
    private final String service;

    public UnknownService(String service) {
        super("Unknown service `" + service + "`");
        this.service = service;
    }

    public String service() {
        return service;
    }
}
