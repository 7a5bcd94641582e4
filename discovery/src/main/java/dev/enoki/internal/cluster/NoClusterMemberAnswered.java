package dev.enoki.internal.cluster;

/** A cluster client reached no member of its cluster: none listens at the addresses given, or none has its name. */
public final class NoClusterMemberAnswered extends RuntimeException {

    public NoClusterMemberAnswered(String clusterName, Throwable cause) {
        super("no member of cluster '" + clusterName + "' answered", cause);
    }
}
