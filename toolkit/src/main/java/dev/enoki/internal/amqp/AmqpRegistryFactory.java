package dev.enoki.internal.amqp;

import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The registry of nodes on RabbitMQ, chosen when the config sets {@code AMQP_URI}, as the AMQP transport is, on an
 * unclustered Vert.x instance: a cluster member keeps the cluster's registry, which its peers read, whatever
 * transport its calls take.
 */
public final class AmqpRegistryFactory implements RegistryFactory {

    @Override
    public int priority() {
        return AmqpTransportFactory.PRIORITY;
    }

    @Override
    public boolean accepts(Vertx vertx, JsonObject config) {
        return AmqpSettings.isSet(config) && !vertx.isClustered();
    }

    @Override
    public ServiceRegistry registry(Vertx vertx, JsonObject config) {
        return AmqpRegistry.of(vertx, config);
    }
}
