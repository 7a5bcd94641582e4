package dev.enoki.launcher;

import dev.enoki.ConfigurationError;
import dev.enoki.discovery.ClusteredVertx;
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
        try {
            return ClusteredVertx.builder(options(cli, config), base);
        } catch (ConfigurationError e) {
            throw new LauncherException(ExitCodes.CONFIG, e.getMessage(), e);
        }
    }

    static dev.enoki.discovery.ClusterOptions options(ClusterOptions cli, JsonObject config) {
        dev.enoki.discovery.ClusterOptions options = dev.enoki.discovery.ClusterOptions.fromConfig(config, System.getenv());
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
