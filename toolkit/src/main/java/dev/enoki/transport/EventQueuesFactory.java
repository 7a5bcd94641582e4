package dev.enoki.transport;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.StreamSupport;

/**
 * Makes the {@link EventQueues} of a transport without a broker. Found with {@link ServiceLoader}; the highest
 * priority among those that accept the Vert.x instance wins. The discovery module's serves a Hazelcast cluster; with
 * none (one JVM), events with no handler running are gone, as documented in {@code toolkit/EVENTBUS.md}.
 */
public interface EventQueuesFactory {

    int priority();

    boolean accepts(Vertx vertx, JsonObject config);

    /** @param owner who the transport serves, for logs */
    EventQueues create(Vertx vertx, JsonObject config, String owner);

    static Optional<EventQueues> forVertx(Vertx vertx, JsonObject config, String owner) {
        ServiceLoader<EventQueuesFactory> loader = ServiceLoader.load(EventQueuesFactory.class,
                EventQueuesFactory.class.getClassLoader());
        return StreamSupport.stream(loader.spliterator(), false)
                .filter(f -> f.accepts(vertx, config))
                .max(Comparator.comparingInt(EventQueuesFactory::priority))
                .map(f -> f.create(vertx, config, owner));
    }
}
