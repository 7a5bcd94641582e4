package dev.enoki.interop;

import dev.enoki.ContextData;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Service;
import dev.enoki.WorkerContext;

import java.util.Map;

/**
 * The Java instance of {@code mixed_listener}, a service that also runs in Python (interop_services.py): its handlers
 * have the Python one's names, so each handler type means across both languages what it means in one.
 */
@Service("mixed_listener")
public class MixedListener {

    @ContextData
    WorkerContext worker;

    @EventHandler(source = "mixed_source", event = "tick")
    public void onPool(Map<String, Object> payload) {
        Received.add("pool", payload, worker);
    }

    @EventHandler(source = "mixed_source", event = "tick", type = HandlerType.SINGLETON)
    public void onSingle(Map<String, Object> payload) {
        Received.add("singleton", payload, worker);
    }

    @EventHandler(source = "mixed_source", event = "tick", type = HandlerType.BROADCAST, reliableDelivery = false)
    public void onBroadcast(Map<String, Object> payload) {
        Received.add("broadcast", payload, worker);
    }
}
