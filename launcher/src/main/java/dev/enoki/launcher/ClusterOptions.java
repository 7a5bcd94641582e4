package dev.enoki.launcher;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code --cluster [--cluster-name N] [--cluster-host H] [--cluster-port P] [--members H:P,...]}: join other nodes so their services
 * and the event bus are shared, as a member when this process hosts services and as a client of the members when it
 * only calls and looks. What forms the cluster is a {@link Clustering}.
 */
public final class ClusterOptions {
    @Option(names = "--cluster", required = true,
            description = "Join a cluster of Enoki nodes (Hazelcast, TCP-IP join).")
    boolean enabled;

    @Option(names = "--cluster-name", paramLabel = "NAME",
            description = "The cluster's name; nodes join only their own (default: config cluster.name, else ENOKI_CLUSTER_NAME, else enoki).")
    String name;

    @Option(names = "--cluster-host", paramLabel = "HOST",
            description = "Interface this node binds for Hazelcast and the event bus (default: 127.0.0.1 when every member is loopback; a command that hosts no service is a cluster client and binds only its event bus).")
    String host;

    @Option(names = "--cluster-port", paramLabel = "PORT", description = "Hazelcast member port, the one others list in --members (default 5701, next free one if taken; unused by a command that hosts no service, a cluster client).")
    Integer port;

    @Option(names = "--members", paramLabel = "HOST:PORT", split = ",",
            description = "Members to join, comma-separated HOST[:PORT] (default 127.0.0.1).")
    List<String> members = List.of();

    public String name() {
        return name;
    }

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
