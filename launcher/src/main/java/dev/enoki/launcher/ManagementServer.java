package dev.enoki.launcher;

import dev.enoki.ServiceRunner;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.function.Supplier;

/**
 * The node's management server on {@code management_address}: {@code /metrics} (Prometheus text),
 * {@code /health/live} (the process answers), {@code /health/ready} ({@link NodeReadiness}),
 * {@code /metrics/busiest} (the most called methods, as JSON, for the console), {@code /metrics/breakers} (the
 * circuit breakers of the node's callers and their states, likewise). Apart from the services' ports, so
 * probes and scrapes reach it when the services are busy and it need not be exposed where they are.
 */
final class ManagementServer {
    private final NodeMeters meters;
    private final NodeReadiness readiness;
    private final Supplier<ServiceRegistry> registry;

    ManagementServer(NodeMeters meters, NodeReadiness readiness, Supplier<ServiceRegistry> registry) {
        this.meters = meters;
        this.readiness = readiness;
        this.registry = registry;
    }

    /** Listens on {@code host:port}; the future holds the port it listens on. */
    Future<Integer> listen(Vertx vertx, String host, int port) {
        Router router = Router.router(vertx);
        router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
                .register("event-loop", promise -> promise.complete(Status.OK()))));
        router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness.checks(vertx)));
        Handler<RoutingContext> scrape = PrometheusScrapingHandler.create(meters.registry());
        router.get("/metrics").handler(ctx -> {
            ServiceRegistry services = registry.get();
            Context request = vertx.getOrCreateContext();
            // The registry may answer on another thread: the scrape is written back on the request's own context.
            (services == null ? Future.<Void>succeededFuture() : meters.refresh(services))
                    .onComplete(v -> request.runOnContext(x -> scrape.handle(ctx)));
        });
        router.get("/metrics/busiest").handler(ctx -> ctx.json(BusiestMethods.of(meters.registry())));
        router.get("/metrics/breakers").handler(ctx -> ctx.json(BreakerStates.of(meters.registry())));
        // Closed with Vert.x, after the services: probes and scrapes are answered to the end of the drain
        // Probes and scrapers speak HTTP/1.1; no cleartext HTTP/2 upgrade, which a client may try and then wait on.
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false)).requestHandler(router)
                .listen(port, host).map(HttpServer::actualPort);
    }

    /** The registry a node's containers use, or none before they started. */
    static Supplier<ServiceRegistry> registryOf(Supplier<ServiceRunner> runner) {
        return () -> {
            ServiceRunner services = runner.get();
            return services == null || services.containers().isEmpty() ? null
                    : services.containers().get(0).registry();
        };
    }
}
