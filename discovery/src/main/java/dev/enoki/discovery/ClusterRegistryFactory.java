package dev.enoki.discovery;

import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Found by the toolkit with {@link java.util.ServiceLoader}: on a clustered Vert.x instance the registry is the
 * cluster-wide {@link ClusterRegistry}; on a plain one it stays the toolkit's {@link LocalRegistry}, so a one-JVM
 * run behaves the same with or without this module.
 */
public final class ClusterRegistryFactory implements RegistryFactory {

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public ServiceRegistry registry(Vertx vertx, JsonObject config) {
        if (!vertx.isClustered()) {
            return LocalRegistry.of(vertx);
        }
        return ClusterRegistry.of(vertx, DiscoveryOptions.fromConfig(config, System.getenv()));
    }
}
