package dev.enoki.demo.events;

import dev.enoki.EventHandler;
import dev.enoki.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Nameko's events example, the handler: one instance of service_b handles each {@code service_a.event_type}. */
@Service("service_b")
public class ServiceB {
    private static final Logger log = LoggerFactory.getLogger(ServiceB.class);

    @EventHandler(source = "service_a", event = "event_type")
    public String handleEvent(String payload) {
        String line = "service b received: " + payload;
        log.info(line);
        return line;
    }
}
