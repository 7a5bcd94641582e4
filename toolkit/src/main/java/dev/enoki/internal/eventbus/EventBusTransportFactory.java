package dev.enoki.internal.eventbus;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import dev.enoki.internal.registry.Balancer;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/** The embedded default: the Vert.x event bus, used whenever no other transport accepts the config. */
public final class EventBusTransportFactory implements TransportFactory {

    @Override
    public String name() {
        return "eventbus";
    }

    @Override
    public boolean accepts(JsonObject config) {
        return true;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Transport create(Vertx vertx, JsonObject config, ServiceRegistry registry, String owner) {
        long timeout = Durations.fromConfig(config.getValue("rpc_timeout"), Duration.ofSeconds(30)).toMillis();
        long requeueDelay = Durations.fromConfig(config.getValue("requeue_delay"), Duration.ofMillis(200)).toMillis();
        Balancer.Strategy balancing = Balancer.Strategy.fromConfig(config.getValue("rpc_load_balancing"));
        long maxSize = config.getLong("max_message_size", (long) EventBusTransport.DEFAULT_MAX_MESSAGE_SIZE);
        if (maxSize < 1 || maxSize > Integer.MAX_VALUE) {
            throw new ConfigurationError("max_message_size must be between 1 and " + Integer.MAX_VALUE);
        }
        return new EventBusTransport(vertx, registry, timeout, requeueDelay, new Balancer(balancing), (int) maxSize);
    }
}
