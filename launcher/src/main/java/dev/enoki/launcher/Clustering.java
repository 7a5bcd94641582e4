package dev.enoki.launcher;

import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.ServiceLoader;

/**
 * Forms the cluster {@code --cluster} asks for: given the Vert.x options of a node (from the launcher's
 * {@code createVertxBuilder} hook, or a client's), it makes a builder with the cluster manager and the event-bus
 * address set. Found with {@link ServiceLoader} ({@code META-INF/services/dev.enoki.launcher.Clustering}), so a
 * build may bring another; this one's is {@link HazelcastClustering}.
 */
public interface Clustering {

    /** Returns a builder ready for {@code buildClustered()}; {@code config} holds the {@code cluster} section. */
    VertxBuilder configure(VertxOptions base, ClusterOptions options, JsonObject config);

    static Clustering require() {
        return ServiceLoader.load(Clustering.class, Clustering.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LauncherException(ExitCodes.NOT_IN_THIS_BUILD,
                        "--cluster is not available in this build: no dev.enoki.launcher.Clustering is on the "
                                + "class path"));
    }
}
