package dev.enoki.internal.amqp;

import dev.enoki.EnokiOptions;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** RabbitMQ with Nameko's wire protocol, chosen whenever the config sets {@code AMQP_URI}. */
public final class AmqpTransportFactory implements TransportFactory {
    /** Above the event bus (0), which accepts every config. */
    public static final int PRIORITY = 100;

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public boolean accepts(JsonObject config) {
        return AmqpSettings.isSet(config);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Transport create(Vertx vertx, JsonObject config, ServiceRegistry registry, String owner) {
        Transport transport = new AmqpTransport(vertx, AmqpSettings.from(config, EnokiOptions.fromJson(config)), owner);
        return registry instanceof AmqpRegistry amqp ? new AnsweredCalls(transport, amqp::answered) : transport;
    }
}
