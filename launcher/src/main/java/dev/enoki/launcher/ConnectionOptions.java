package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiOptions;
import dev.enoki.config.ConfigLoader;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a command finds the other services, shared by every command: the config file, the broker, the cluster.
 * Without a broker or a cluster the transport is the embedded event bus, which reaches this process only.
 */
public final class ConnectionOptions {
    private static final Duration CLUSTER_JOIN = Duration.ofMinutes(2);

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML or JSON config; $${VAR} and $${VAR:default} are taken from the environment.")
    Path configFile;

    @Option(names = "--broker", paramLabel = "AMQP_URI",
            description = "RabbitMQ to talk through, e.g. amqp://guest:guest@localhost:5672/ (sets AMQP_URI in the config).")
    String broker;

    @ArgGroup(exclusive = false, heading = "Cluster:%n")
    ClusterOptions cluster;

    /** The effective config: the file after substitution, then {@code --broker}. */
    public JsonObject config() {
        JsonObject config;
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new LauncherException(ExitCodes.CONFIG, "config file " + configFile + " does not exist");
        }
        try {
            config = configFile == null ? new JsonObject() : ConfigLoader.load(configFile);
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.CONFIG, "config file " + configFile + ": " + e.getMessage(), e);
        }
        if (broker != null) {
            config.put("AMQP_URI", broker);
        }
        try {
            EnokiOptions.fromJson(config);   // a bad toolkit setting is told before anything starts
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.CONFIG, (configFile == null ? "config: " : "config file " + configFile
                    + ": ") + e.getMessage(), e);
        }
        return config;
    }

    /** Refuses, before anything starts, what this build cannot do for the config. */
    public void requireAvailable(JsonObject config) {
        if (cluster != null) {
            Clustering.require();
        }
        Object uri = config.getValue("AMQP_URI");
        if (uri != null && TransportFactory.forConfig(config).name().equals("eventbus")) {
            throw new LauncherException(ExitCodes.NOT_IN_THIS_BUILD, "AMQP_URI is set ("
                    + SecretMasker.maskUri(uri.toString()) + ") but no AMQP transport is on the class path");
        }
    }

    /** Where the transport talks, for messages: the masked broker URI, or the embedded event bus. */
    public static String describeTransport(JsonObject config) {
        Object uri = config.getValue("AMQP_URI");
        return uri == null ? "the embedded event bus" : "the broker at " + SecretMasker.maskUri(uri.toString());
    }

    public ClusterOptions cluster() {
        return cluster;
    }

    /**
     * A Vert.x instance for a command: clustered when asked, as a full member when it hosts services and as a
     * client otherwise. A client finding no node of the cluster fails, saying which cluster it looked for.
     */
    public Vertx startVertx(JsonObject config, boolean hostsServices) {
        return awaitVertx(config, beginVertx(config, hostsServices));
    }

    /**
     * Starts making the Vert.x instance of {@link #startVertx(JsonObject, boolean)} and returns at once, so that a
     * command can do its own preparing while it joins the cluster; {@link #awaitVertx} then waits for it.
     */
    public Future<Vertx> beginVertx(JsonObject config, boolean hostsServices) {
        VertxOptions options = hostsServices ? new VertxOptions() : ClientVertxOptions.create();
        if (cluster == null) {
            return Future.succeededFuture(Vertx.vertx(options));
        }
        Clustering clustering = Clustering.require();
        if (!hostsServices) {
            ClientLogging.quietClusterManager();
        }
        VertxBuilder builder = hostsServices ? clustering.configure(options, cluster, config)
                : clustering.configureClient(options, cluster, config);
        return builder.buildClustered();
    }

    /** The Vert.x instance {@code starting} gives, or the one line that says why the cluster was not joined. */
    public Vertx awaitVertx(JsonObject config, Future<Vertx> starting) {
        try {
            return starting.await(CLUSTER_JOIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LauncherException(ExitCodes.UNAVAILABLE, "could not join "
                    + Clustering.require().describe(cluster, config) + " within " + CLUSTER_JOIN);
        } catch (LauncherException e) {
            throw e;
        } catch (Exception e) {   // await throws a failure as it is, checked ones included
            throw Clustering.require().joinFailure(e, cluster, config);
        }
    }

    /** Where a command's calls go, for its greeting: the transport, and the cluster with how many others are in. */
    public String describeReach(JsonObject config, Vertx vertx) {
        if (cluster == null) {
            return describeTransport(config);
        }
        return (config.containsKey("AMQP_URI") ? describeTransport(config) + " in " : "the clustered event bus of ")
                + describeCluster(config, vertx);
    }

    /** {@code cluster 'NAME' (members ...), N other members}: what {@code --cluster} joined, for messages. */
    public String describeCluster(JsonObject config, Vertx vertx) {
        Clustering clustering = Clustering.require();
        int others = clustering.otherMembers(vertx);
        return clustering.describe(cluster, config) + ", " + others + (others == 1 ? " other member" : " other members");
    }
}
