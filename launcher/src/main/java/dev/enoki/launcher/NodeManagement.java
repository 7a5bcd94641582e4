package dev.enoki.launcher;

import dev.enoki.EnokiOptions;
import dev.enoki.ServiceRunner;
import dev.enoki.config.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A node's management side when {@code management_address} (or {@code ENOKI_MANAGEMENT_ADDRESS}) is set: its
 * metrics, its readiness and the server that serves both, and the {@code stop_delay} a stopping node waits, ready no
 * more but still working, before its containers stop taking work.
 */
final class NodeManagement {
    static final String ENV = "ENOKI_MANAGEMENT_ADDRESS";
    private static final long START_SECONDS = 30;

    private final String host;
    private final int port;
    private final Duration stopDelay;
    private final NodeMeters meters = new NodeMeters();
    private final NodeReadiness readiness;
    private final ManagementServer server;

    private NodeManagement(EnokiOptions options, Supplier<ServiceRunner> runner) {
        String address = options.managementAddress();
        this.host = address.substring(0, address.lastIndexOf(':'));
        this.port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        this.stopDelay = options.stopDelay();
        this.readiness = new NodeReadiness(runner);
        this.server = new ManagementServer(meters, readiness, ManagementServer.registryOf(runner));
    }

    /** Puts the environment's address in {@code config} unless it names one; the services' records show it. */
    static void addressFromEnvironment(JsonObject config, Map<String, String> env) {
        String address = env.get(ENV);
        if (!config.containsKey("management_address") && address != null && !address.isBlank()) {
            config.put("management_address", address);
        }
    }

    /** The node's management, or null when {@code config} sets no address. */
    static NodeManagement of(JsonObject config, Supplier<ServiceRunner> runner) {
        EnokiOptions options = EnokiOptions.fromJson(config);
        return options.managementAddress() == null ? null : new NodeManagement(options, runner);
    }

    VertxOptions withVertxMetrics(VertxOptions options) {
        return NodeMeters.withVertxMetrics(options);
    }

    VertxBuilder recordVertx(VertxBuilder builder) {
        return meters.recordVertx(builder);
    }

    /** Starts the server; returns the line to print, or throws why it could not listen. */
    String start(Vertx vertx, boolean clustered) throws Exception {
        if (clustered) {
            meters.gaugeClusterMembers(() -> Clustering.require().otherMembers(vertx));
        }
        int bound = server.listen(vertx, host, port).await(START_SECONDS, TimeUnit.SECONDS);
        return "management on http://" + host + ":" + bound + "/ (/metrics, /health/live, /health/ready)";
    }

    /**
     * Readiness turns 503 at once; then the node keeps working for {@code stop_delay}, long enough for load
     * balancers to take it out, so no caller meets a node that refuses. Runs on the stopping thread, never a loop.
     */
    void beginStop(PrintStream out) {
        readiness.stopping();
        if (stopDelay.isZero()) {
            return;
        }
        out.println("enoki: stopping: /health/ready answers 503; still taking calls for stop_delay "
                + Durations.format(stopDelay));
        out.flush();
        try {
            Thread.sleep(stopDelay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
