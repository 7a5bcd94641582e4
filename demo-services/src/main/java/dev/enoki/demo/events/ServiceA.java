package dev.enoki.demo.events;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.Rpc;
import dev.enoki.Service;

/** Nameko's events example, the dispatcher: {@code dispatchingMethod} publishes {@code event_type}. */
@Service("service_a")
public class ServiceA {

    @EventDispatcher
    Dispatcher dispatch;

    @Rpc
    public void dispatchingMethod(String payload) {
        dispatch.dispatch("event_type", payload);
    }
}
