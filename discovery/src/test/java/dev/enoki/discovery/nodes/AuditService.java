package dev.enoki.discovery.nodes;

import dev.enoki.EventHandler;
import dev.enoki.Service;

import java.util.Map;

/** A second service in the SERVICE_POOL of the same event: each event reaches one instance of it too. */
@Service("auditor")
public class AuditService {

    @EventHandler(source = "orders", event = "created")
    public void onPool(Map<String, Object> order) {
        TestNode.report("EVENT", "auditor.onPool " + order.get("id"));
    }
}
