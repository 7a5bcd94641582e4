package dev.enoki;

import io.vertx.core.Future;

/** Dispatches events as the service it was injected into; the worker's context data travels with each event. */
public interface Dispatcher {

    /** Publishes and returns once the transport has taken the event. Blocks: for worker threads. */
    void dispatch(String eventType, Object payload);

    Future<Void> dispatchAsync(String eventType, Object payload);
}
