package dev.enoki.launcher;

import io.vertx.core.VertxBuilder;

import java.util.ServiceLoader;

/**
 * Forms the cluster {@code --cluster} asks for: given the Vert.x builder of a node (from the launcher's
 * {@code createVertxBuilder} hook, or a client's), it sets the cluster manager and the event-bus address. The
 * implementation arrives with the discovery module as a class of this package listed in
 * {@code META-INF/services/dev.enoki.launcher.Clustering}; until then {@link #require()} refuses clearly.
 */
public interface Clustering {

    /** Returns the builder, ready for {@code buildClustered()}. */
    VertxBuilder configure(VertxBuilder builder, ClusterOptions options);

    static Clustering require() {
        return ServiceLoader.load(Clustering.class, Clustering.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LauncherException(ExitCodes.NOT_IN_THIS_BUILD,
                        "--cluster is not available in this build: clustering comes with the discovery module "
                                + "(Hazelcast), which this enoki.jar does not contain yet"));
    }
}
