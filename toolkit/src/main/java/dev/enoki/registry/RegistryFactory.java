package dev.enoki.registry;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes the registry for a Vert.x instance. Found with {@link ServiceLoader}; the highest priority wins, and with
 * none on the class path the toolkit uses a {@link LocalRegistry}.
 */
public interface RegistryFactory {

    int priority();

    ServiceRegistry registry(Vertx vertx, JsonObject config);

    static ServiceRegistry forVertx(Vertx vertx, JsonObject config) {
        ServiceLoader<RegistryFactory> loader = ServiceLoader.load(RegistryFactory.class,
                RegistryFactory.class.getClassLoader());
        return StreamSupport.stream(loader.spliterator(), false)
                .max(Comparator.comparingInt(RegistryFactory::priority))
                .map(f -> f.registry(vertx, config))
                .orElseGet(() -> LocalRegistry.of(vertx));
    }
}
