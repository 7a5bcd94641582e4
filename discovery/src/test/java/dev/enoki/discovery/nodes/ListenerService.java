package dev.enoki.discovery.nodes;

import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Service;

import java.util.Map;

/** One handler of each type on the same event; each reports which node ran it. */
@Service("listener")
public class ListenerService {

    @EventHandler(source = "orders", event = "created")
    public void onPool(Map<String, Object> order) {
        TestNode.report("EVENT", "listener.onPool " + order.get("id"));
    }

    @EventHandler(source = "orders", event = "created", type = HandlerType.SINGLETON)
    public void onSingleton(Map<String, Object> order) {
        TestNode.report("EVENT", "listener.onSingleton " + order.get("id"));
    }

    @EventHandler(source = "orders", event = "created", type = HandlerType.BROADCAST, reliableDelivery = false)
    public void onBroadcast(Map<String, Object> order) {
        TestNode.report("EVENT", "listener.onBroadcast " + order.get("id"));
    }
}
