package dev.enoki.demo.events;

import dev.enoki.EnokiClient;

/**
 * Nameko's standalone_events example: code outside any service dispatches an event as if service_a had, and
 * service_b handles it.
 */
public final class StandaloneEventsExample {
    private StandaloneEventsExample() {
    }

    public static void dispatchAsServiceA(EnokiClient client, String payload) {
        client.dispatch("service_a", "event_type", payload);
    }
}
