package dev.enoki.demo.broadcast;

import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Service;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nameko's event_broadcast example: a BROADCAST handler, so every instance of the listener answers each ping, and
 * without reliable delivery, so an instance's queue goes away with it.
 */
@Service("listener")
public class ListenerService {
    private static final Logger log = LoggerFactory.getLogger(ListenerService.class);

    @EventHandler(source = "monitor", event = "ping", type = HandlerType.BROADCAST, reliableDelivery = false)
    public String ping(String payload) {
        log.info("pong from listener");
        return "pong";
    }
}
