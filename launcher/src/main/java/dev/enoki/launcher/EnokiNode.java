package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.Entrypoint;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceRunner;
import dev.enoki.Timer;
import dev.enoki.config.Durations;
import dev.enoki.http.PortInUse;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.launcher.application.HookContext;
import io.vertx.launcher.application.VertxApplication;
import io.vertx.launcher.application.VertxApplicationHooks;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One Enoki node on the Vert.x launcher: Vert.x starts (clustered with {@code --cluster}, through
 * {@link #createVertxBuilder}), the {@link NodeVerticle} deploys every service, the gateway follows when asked, and
 * a first signal stops the services gracefully within their {@code shutdown_timeout} ({@link #stop()}), and the
 * launcher's shutdown hook closes Vert.x on exit.
 */
final class EnokiNode extends VertxApplication implements VertxApplicationHooks {
    private static final long KILL_WAIT_SECONDS = 5;
    private static final long GATEWAY_START_SECONDS = 60;

    private final NodeVerticle node;
    private final JsonObject config;
    private final ClusterOptions cluster;
    private final GatewayAddress gateway;
    private final PrintStream out;
    private final NodeManagement management;
    private volatile Throwable failure;
    private volatile boolean started;
    private volatile boolean stopAnnounced;
    private volatile String managementLine;

    EnokiNode(List<Class<?>> services, JsonObject config, ClusterOptions cluster, GatewayAddress gateway,
              PrintStream out) {
        super(vertxArguments(cluster), null, false, false);
        NodeManagement.addressFromEnvironment(config, System.getenv());
        this.node = new NodeVerticle(services, config);
        this.management = NodeManagement.of(config, node::runner);
        this.config = config;
        this.cluster = cluster;
        this.gateway = gateway;
        this.out = out;
    }

    /**
     * The Vert.x launcher's own options for what {@code run} was given. Only {@code -cluster}: the host and ports
     * are the {@link Clustering}'s to set, since Hazelcast and the event bus each have their own port.
     */
    private static String[] vertxArguments(ClusterOptions cluster) {
        return cluster == null ? new String[0] : new String[]{"-cluster"};
    }

    /** Launches the node; returns once every service runs, or throws why they do not. */
    void start() {
        int code = launch();
        if (code != 0 || failure != null) {
            throw failure == null
                    ? new LauncherException(ExitCodes.UNAVAILABLE, "the node did not start (launcher exit code " + code + ")")
                    : failure instanceof LauncherException known ? known : ServiceArguments.startFailure(config, failure, "services failed to start");
        }
    }

    /**
     * The first signal: every container stops taking work and lets running calls finish, for at most its
     * {@code shutdown_timeout}, after which it kills them (on RabbitMQ their requests go back to the queue, for
     * another instance). Done here, before the JVM's shutdown hooks, so no hook's own time limit cuts it short.
     */
    void stop() {
        ServiceRunner runner = node.runner();
        if (!started || runner == null) {
            return;
        }
        if (management != null) {
            management.beginStop(out);
        }
        Duration grace = runner.containers().stream().map(ServiceContainer::shutdownTimeout)
                .max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        out.println("enoki: stopping: running calls have up to " + Durations.format(grace)
                + " to finish (shutdown_timeout), then are killed; a second signal kills at once");
        out.flush();
        stopAnnounced = true;
        try {
            runner.stop().await(grace.toMillis() + TimeUnit.SECONDS.toMillis(KILL_WAIT_SECONDS), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Closing Vert.x next ends whatever is left.
        }
    }

    /** Ends every container at once; waits a few seconds at most. */
    void kill() {
        if (node.runner() != null) {
            try {
                node.runner().kill().await(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // The process halts next whatever happened.
            }
        }
    }

    @Override
    public VertxBuilder createVertxBuilder(VertxOptions options) {
        VertxOptions measured = management == null ? options : management.withVertxMetrics(options);
        VertxBuilder builder = cluster == null ? Vertx.builder().with(measured)
                : Clustering.require().configure(measured, cluster, config);
        return management == null ? builder : management.recordVertx(builder);
    }

    /** The management server comes first, so liveness answers while the services start. */
    @Override
    public void afterVertxStarted(HookContext context) {
        if (management == null) {
            return;
        }
        try {
            managementLine = management.start(context.vertx(), cluster != null);
        } catch (Exception e) {
            String why = PortInUse.in(e) ? "the address is already in use (another process listens there): "
                    + "choose another management_address" : e.getMessage();
            failure = new LauncherException(ExitCodes.UNAVAILABLE, "the management server did not start on "
                    + config.getValue("management_address") + ": " + why, e);
            context.vertx().close();
        }
    }

    @Override
    public Supplier<? extends Deployable> verticleSupplier() {
        return () -> node;
    }

    @Override
    public void afterFailureToStartVertx(HookContext context, Throwable t) {
        failure = t == null ? new LauncherException(ExitCodes.UNAVAILABLE, "Vert.x did not start in time") : t;
    }

    @Override
    public void afterFailureToDeployVerticle(HookContext context, Throwable t) {
        failure = failure != null ? failure : t == null ? new LauncherException(ExitCodes.UNAVAILABLE, "services did not start in time") : t;
        context.vertx().close();
    }

    @Override
    public void afterVerticleDeployed(HookContext context) {
        String gatewayLine = null;
        if (gateway != null) {
            try {
                gatewayLine = Gateway.require().deploy(context.vertx(), gateway, config)
                        .await(GATEWAY_START_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                String why = PortInUse.in(e) ? "the address is already in use (another process listens there): "
                        + "choose another with --gateway [HOST:]PORT" : e.getMessage();
                failure = e instanceof LauncherException ? e
                        : e instanceof ConfigurationError ? new LauncherException(ExitCodes.CONFIG, e.getMessage(), e)
                        : new LauncherException(ExitCodes.UNAVAILABLE,
                        "the gateway did not start on " + gateway.host() + ":" + gateway.port() + ": " + why, e);
                context.vertx().close();
                return;
            }
        }
        started = true;
        printStarted(gatewayLine);
    }

    private void printStarted(String gatewayLine) {
        List<ServiceContainer> containers = node.runner().containers();
        String transport = containers.isEmpty() ? "?" : containers.get(0).record().transport();
        String nodeId = containers.isEmpty() ? "?" : containers.get(0).record().nodeId();
        String reach = cluster != null ? "clustered"
                : config.containsKey("AMQP_URI") ? ConnectionOptions.describeTransport(config)
                : "embedded, reaches this process only";
        out.println(containers.isEmpty() ? "enoki: no services on this node (" + reach + ")"
                : "enoki: node " + nodeId + " on " + transport + " (" + reach + ")");
        for (ServiceContainer container : containers) {
            out.println("enoki: started " + ServiceTable.describe(container.record()) + timers(container));
        }
        if (gatewayLine != null) {
            out.println("enoki: " + gatewayLine);
        }
        if (managementLine != null) {
            out.println("enoki: " + managementLine);
        }
        out.println("enoki: ready; SIGTERM or Ctrl-C stops gracefully, a second signal kills");
        out.flush();
    }

    private static String timers(ServiceContainer container) {
        String timers = container.entrypoints().stream().map(Entrypoint::method)
                .filter(m -> m.isAnnotationPresent(Timer.class))
                .map(m -> m.getName() + " every " + m.getAnnotation(Timer.class).every())
                .collect(Collectors.joining(", "));
        return timers.isEmpty() ? "" : "  timers: " + timers;
    }

    @Override
    public void beforeStoppingVertx(HookContext context) {
        if (!started || stopAnnounced) {
            return;
        }
        out.println("enoki: stopping: running calls finish first; a second signal kills");
        out.flush();
    }

    @Override
    public void afterVertxStopped(HookContext context) {
        if (!started) {
            return;
        }
        out.println("enoki: stopped");
        out.flush();
    }
}
