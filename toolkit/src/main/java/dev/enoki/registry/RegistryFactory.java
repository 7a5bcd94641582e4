package dev.enoki.registry;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes the registry for a Vert.x instance. Found with {@link ServiceLoader}; the highest priority among those that
 * accept the Vert.x instance and config wins, and with none the toolkit uses a {@link LocalRegistry}. The toolkit's
 * own factory (priority 100) serves an unclustered Vert.x instance whose config sets {@code AMQP_URI}: nodes on
 * RabbitMQ announce their records over the broker. A clustered one keeps the cluster's registry.
 */
public interface RegistryFactory {

    int priority();

    /** Whether this factory serves this Vert.x instance and config; by default every one. */
    default boolean accepts(Vertx vertx, JsonObject config) {
        return true;
    }

    ServiceRegistry registry(Vertx vertx, JsonObject config);

    static ServiceRegistry forVertx(Vertx vertx, JsonObject config) {
        ServiceLoader<RegistryFactory> loader = ServiceLoader.load(RegistryFactory.class,
                RegistryFactory.class.getClassLoader());
        return StreamSupport.stream(loader.spliterator(), false)
                .filter(f -> f.accepts(vertx, config))
                .max(Comparator.comparingInt(RegistryFactory::priority))
                .map(f -> f.registry(vertx, config))
                .orElseGet(() -> LocalRegistry.of(vertx));
    }
}
