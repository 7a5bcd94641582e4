package dev.enoki.launcher;

import dev.enoki.ServiceContainer;
import dev.enoki.ServiceRunner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.util.function.Supplier;

/**
 * What {@code /health/ready} answers: ready while every container runs with its transport connected (and, on a
 * clustered node, its registry still in the cluster), and not from the moment the node is told to stop, so load
 * balancers and Kubernetes send no new work while it finishes what it has.
 */
final class NodeReadiness {
    private final Supplier<ServiceRunner> runner;
    private volatile boolean stopping;

    NodeReadiness(Supplier<ServiceRunner> runner) {
        this.runner = runner;
    }

    /** Readiness is lost for good: the node is stopping. */
    void stopping() {
        stopping = true;
    }

    HealthChecks checks(Vertx vertx) {
        return HealthChecks.create(vertx)
                .register("stopping", promise -> promise.complete(stopping
                        ? Status.KO(new JsonObject().put("reason", "the node is stopping")) : Status.OK()))
                .register("services", promise -> promise.complete(services()));
    }

    private Status services() {
        ServiceRunner services = runner.get();
        if (services == null) {
            return Status.KO(new JsonObject().put("reason", "the services have not started"));
        }
        JsonObject each = new JsonObject();
        boolean ready = true;
        for (ServiceContainer container : services.containers()) {
            String state = !container.isRunning() ? "not running"
                    : !container.transport().connected() ? container.transport().name() + " not connected"
                    : !container.registry().connected() ? "registry not connected" : "ready";
            each.put(container.serviceName(), state);
            ready &= state.equals("ready");
        }
        return ready ? Status.OK(each) : Status.KO(each);
    }
}
