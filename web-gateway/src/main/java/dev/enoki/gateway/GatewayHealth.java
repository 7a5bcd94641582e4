package dev.enoki.gateway;

import dev.enoki.registry.ServiceRegistry;
import dev.enoki.transport.Transport;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: the transport is connected (the broker, on
 * AMQP), the registry answers (and so discovery, when a discovery module backs it) and, on a clustered node, the
 * cluster manager is still a member.
 */
final class GatewayHealth {
    private final Vertx vertx;
    private final ServiceRegistry registry;
    private final Transport transport;

    GatewayHealth(Vertx vertx, ServiceRegistry registry, Transport transport) {
        this.vertx = vertx;
        this.registry = registry;
        this.transport = transport;
    }

    void mount(Router router) {
        router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
                .register("event-loop", promise -> promise.complete(Status.OK()))));
        HealthChecks ready = HealthChecks.create(vertx)
                .register("transport", promise -> promise.complete(transport.connected()
                        ? Status.OK(new JsonObject().put("transport", transport.name()))
                        : Status.KO(new JsonObject().put("transport", transport.name()).put("error", "not connected"))))
                .register("registry", 2_000, promise -> registry.all()
                        .onSuccess(records -> promise.complete(Status.OK(new JsonObject().put("instances", records.size()))))
                        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage()))))));
        if (vertx.isClustered()) {
            ready.register("cluster", promise -> promise.complete(
                    registry.connected() ? Status.OK() : Status.KO()));
        }
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    }
}
