package dev.enoki.launcher;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --cluster [--cluster-host H] [--cluster-port P] [--members H:P,...]}: join other nodes so their services
 * and the event bus are shared. What forms the cluster is a {@link Clustering}.
 */
public final class ClusterOptions {
    @Option(names = "--cluster", required = true,
            description = "Join a cluster of Enoki nodes (Hazelcast, TCP join; needs the discovery module).")
    boolean enabled;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Address this node binds and announces for cluster traffic.")
    String host;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Port for cluster traffic (default: any).")
    Integer port;

    @Option(names = "--members", paramLabel = "HOST:PORT", split = ",",
            description = "Known members to join, comma-separated.")
    List<String> members = List.of();

    public String host() {
        return host;
    }

    public Integer port() {
        return port;
    }

    public List<String> members() {
        return List.copyOf(members);
    }
}
