package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.discovery.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/**
 * {@code --cluster} on Hazelcast with TCP-IP join, through the discovery module: the config's {@code cluster}
 * section and the {@code ENOKI_CLUSTER_*} / {@code ENOKI_EVENTBUS_*} variables, then the command line's
 * {@code --cluster-host}, {@code --cluster-port} (the Hazelcast member port) and {@code --members} over them.
 */
public final class HazelcastClustering implements Clustering {

    @Override
    public VertxBuilder configure(VertxOptions base, ClusterOptions cli, JsonObject config) {
        return builder(base, options(cli, config));
    }

    /**
     * A Hazelcast client, not a member: the members' list does not change when it comes and goes, so they log
     * nothing about it and it starts in a fraction of a member's time.
     */
    @Override
    public VertxBuilder configureClient(VertxOptions base, ClusterOptions cli, JsonObject config) {
        try {
            return ClusteredVertx.clientBuilder(options(cli, config), base);
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.CONFIG, e.getMessage(), e);
        }
    }

    @Override
    public String describe(ClusterOptions cli, JsonObject config) {
        dev.enoki.discovery.ClusterOptions options = options(cli, config);
        return "cluster '" + options.name() + "' (members " + String.join(",", options.members()) + ")";
    }

    @Override
    public int otherMembers(Vertx vertx) {
        return ClusteredVertx.otherMembers(vertx);
    }

    @Override
    public LauncherException joinFailure(Throwable failure, ClusterOptions cli, JsonObject config) {
        if (ClusteredVertx.foundNoFullMember(failure)) {
            return new LauncherException(ExitCodes.UNAVAILABLE, "no node of " + describe(cli, config) + " answered: "
                    + "start one with 'enoki run --cluster', or give the name the nodes use (--cluster-name, "
                    + "cluster.name, ENOKI_CLUSTER_NAME) and where they listen (--members)", failure);
        }
        return Clustering.super.joinFailure(failure, cli, config);
    }

    private static VertxBuilder builder(VertxOptions base, dev.enoki.discovery.ClusterOptions options) {
        try {
            return ClusteredVertx.builder(options, base);
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.CONFIG, e.getMessage(), e);
        }
    }

    static dev.enoki.discovery.ClusterOptions options(ClusterOptions cli, JsonObject config) {
        dev.enoki.discovery.ClusterOptions options = dev.enoki.discovery.ClusterOptions.fromConfig(config, System.getenv());
        if (cli.name() != null) {
            options.setName(cli.name());
        }
        if (cli.host() != null) {
            options.setHost(cli.host());
        }
        if (cli.port() != null) {
            options.setPort(cli.port());
        }
        if (!cli.members().isEmpty()) {
            options.setMembers(cli.members());
        }
        return options;
    }
}
