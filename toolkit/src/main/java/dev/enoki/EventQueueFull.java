package dev.enoki;

/**
 * An event was not dispatched: a handler queue that keeps events for a subscriber is full (on the clustered event
 * bus, {@code cluster.event_queue_size} events). No handler gets it; the dispatcher decides whether to try again later.
 */
public final class EventQueueFull extends EnokiException {
    private final String queue;

    public EventQueueFull(String queue, String message) {
        super(message);
        this.queue = queue;
    }

    /** The full handler queue, as Nameko names it: {@code evt-<source>-<event>--<service>.<method>}. */
    public String queue() {
        return queue;
    }
}
