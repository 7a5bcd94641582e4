package dev.enoki.transport;

import dev.enoki.internal.metrics.MeteredTransportFactory;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes transports. Factories are found with {@link ServiceLoader}; the one with the highest priority that
 * accepts the config wins, so the event bus (priority 0, accepts anything) is the embedded default and AMQP takes
 * over when {@code AMQP_URI} is set. Its transports count their outgoing calls and events for the node's metrics.
 */
public interface TransportFactory {

    /** The name its transports give themselves ({@link Transport#name()}): {@code eventbus}, {@code amqp}. */
    String name();

    /** Whether this factory can serve the config. */
    boolean accepts(JsonObject config);

    int priority();

    /** @param owner who the transport serves, for names of its own such as reply queues */
    Transport create(Vertx vertx, JsonObject config, ServiceRegistry registry, String owner);

    static TransportFactory forConfig(JsonObject config) {
        ServiceLoader<TransportFactory> loader = ServiceLoader.load(TransportFactory.class,
                TransportFactory.class.getClassLoader());
        return StreamSupport.stream(loader.spliterator(), false)
                .filter(f -> f.accepts(config))
                .max(Comparator.comparingInt(TransportFactory::priority))
                .<TransportFactory>map(MeteredTransportFactory::new)
                .orElseThrow(() -> new IllegalStateException("no transport accepts this config"));
    }
}
