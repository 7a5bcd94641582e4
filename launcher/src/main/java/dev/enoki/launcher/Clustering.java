package dev.enoki.launcher;

import io.vertx.core.Vertx;
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

    /**
     * The same for a process that hosts no service and only calls and looks ({@code call}, {@code services},
     * {@code shell}): a client of the members where the cluster manager has one, or a lighter member, quick to join
     * and to leave and unnoticed by the members' logs.
     */
    default VertxBuilder configureClient(VertxOptions base, ClusterOptions options, JsonObject config) {
        return configure(base, options, config);
    }

    /** The cluster these options join, for messages: its name and where its members are looked for. */
    default String describe(ClusterOptions options, JsonObject config) {
        return "the cluster";
    }

    /** How many members the cluster of {@code vertx} has besides it now. */
    int otherMembers(Vertx vertx);

    /** Why building the clustered Vert.x failed, as one line the user can act on. */
    default LauncherException joinFailure(Throwable failure, ClusterOptions options, JsonObject config) {
        return new LauncherException(ExitCodes.UNAVAILABLE, "could not join " + describe(options, config) + ": "
                + failure.getMessage(), failure);
    }

    static Clustering require() {
        return ServiceLoader.load(Clustering.class, Clustering.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LauncherException(ExitCodes.NOT_IN_THIS_BUILD,
                        "--cluster is not available in this build: no dev.enoki.launcher.Clustering is on the "
                                + "class path"));
    }
}
