package dev.enoki.internal.metrics;

import dev.enoki.EnokiOptions;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** Makes the chosen factory's transports {@link MeteredTransport}s, so every caller's calls are counted alike. */
public final class MeteredTransportFactory implements TransportFactory {
    private final TransportFactory factory;

    public MeteredTransportFactory(TransportFactory factory) {
        this.factory = factory;
    }

    @Override
    public String name() {
        return factory.name();
    }

    @Override
    public boolean accepts(JsonObject config) {
        return factory.accepts(config);
    }

    @Override
    public int priority() {
        return factory.priority();
    }

    @Override
    public Transport create(Vertx vertx, JsonObject config, ServiceRegistry registry, String owner) {
        Object management = config.getValue("management_address");   // only this key: the rest is not ours to check
        return new MeteredTransport(factory.create(vertx, config, registry, owner), CallMeters.global(),
                management == null ? null : new EnokiOptions().setManagementAddress(management.toString()).managementAddress());
    }
}
