package dev.enoki.internal.eventbus;

import dev.enoki.EnokiOptions;
import dev.enoki.internal.registry.Balancer;
import dev.enoki.internal.resilience.BreakerOptions;
import dev.enoki.internal.resilience.InstanceBreakers;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.EventQueuesFactory;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

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
        EnokiOptions options = EnokiOptions.fromJson(config);
        Balancer balancer = new Balancer(Balancer.Strategy.fromConfig(options.rpcLoadBalancing()));
        InstanceBreakers breakers = InstanceBreakers.of(owner, BreakerOptions.fromConfig(config));
        return new EventBusTransport(vertx, registry, options.rpcTimeout().toMillis(),
                options.requeueDelay().toMillis(), balancer, breakers, options.maxMessageSize(),
                EventQueuesFactory.forVertx(vertx, config, owner).orElse(null));
    }
}
