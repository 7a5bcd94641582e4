package dev.enoki.discovery;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.QueueConfig;
import com.hazelcast.partition.NoDataMemberInClusterException;
import dev.enoki.ConfigurationError;
import dev.enoki.internal.cluster.ClientClusterManager;
import dev.enoki.internal.cluster.NoClusterMemberAnswered;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Starts a clustered Vert.x node on Hazelcast from {@link ClusterOptions}: TCP-IP join only (no multicast, no
 * auto-detection), joins without Hazelcast's default 5 s wait, failure detection tightened so a dead member is
 * dropped within {@link ClusterOptions#failureTimeout()}, clustered event-bus connections pinged every
 * {@link ClusterOptions#eventBusPingInterval()}, Hazelcast logging through SLF4J. A Hazelcast file given
 * with {@code -Dvertx.hazelcast.config} or a {@code cluster.xml} on the class path is the base that these settings
 * complete; it must keep the Vert.x maps of Vert.x's {@code default-cluster.xml}.
 */
public final class ClusteredVertx {

    /** What Hazelcast asks of a Java 17 JVM (it warns and runs slower without): put them in the node's command. */
    public static final List<String> JVM_FLAGS = List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /** How long a client looks for a member when it starts before it gives up (once in, it keeps looking). */
    private static final Duration CLIENT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ClusteredVertx() {
    }

    /** Starts a node with default Vert.x options. Blocks the caller briefly while reading the Hazelcast config. */
    public static Future<Vertx> start(ClusterOptions options) {
        return start(options, new VertxOptions());
    }

    /** Starts a node; {@code base}'s event-bus host and port are replaced by the cluster options'. */
    public static Future<Vertx> start(ClusterOptions options, VertxOptions base) {
        try {
            return builder(options, base).buildClustered();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * The builder {@link #start} uses, for code that builds the Vert.x instance itself (a launcher's hook);
     * {@code base}'s event-bus host and port are replaced by the cluster options'.
     */
    public static VertxBuilder builder(ClusterOptions options, VertxOptions base) {
        Config config = hazelcastConfig(options);
        VertxOptions vertxOptions = new VertxOptions(base).setEventBusOptions(eventBusOptions(options, base));
        return Vertx.builder().with(vertxOptions).withClusterManager(new HazelcastClusterManager(config));
    }

    /**
     * A builder for a process that hosts no service and only calls and looks: it reaches the members as a Hazelcast
     * client ({@link ClientClusterManager}), so it starts quickly and its coming and going leaves no trace in the
     * members' logs. The Hazelcast member settings (port, interfaces, public address) do not apply to it; the
     * event-bus ones do.
     */
    public static VertxBuilder clientBuilder(ClusterOptions options, VertxOptions base) {
        VertxOptions vertxOptions = new VertxOptions(base).setEventBusOptions(eventBusOptions(options, base));
        return Vertx.builder().with(vertxOptions)
                .withClusterManager(new ClientClusterManager(clientConfig(options), CLIENT_CONNECT_TIMEOUT));
    }

    /** The Hazelcast client config for these options: the cluster's name and its members' addresses. */
    public static ClientConfig clientConfig(ClusterOptions options) {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");
        }
        ClientConfig config = new ClientConfig();
        config.setClusterName(options.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getMetricsConfig().setEnabled(false);
        // A member without a port is looked for on 5701 to 5703, the ports members take first
        config.getNetworkConfig().setAddresses(options.members());
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1000);
        return config;
    }

    /** The Hazelcast config for these options, on top of the user's Hazelcast file if there is one. */
    public static Config hazelcastConfig(ClusterOptions options) {
        if (System.getProperty("hazelcast.logging.type") == null) {
            System.setProperty("hazelcast.logging.type", "slf4j");   // Hazelcast's static loggers read only this
        }
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(options.name());
        config.setLiteMember(options.liteMember());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds",
                Long.toString(Math.max(2, options.failureTimeout().toSeconds())));
        // Hazelcast's defaults (300 s, then every 120 s) leave a healed partition split for minutes
        String merge = Long.toString(Math.max(1, options.mergeInterval().toSeconds()));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", merge);
        config.setProperty("hazelcast.merge.next.run.delay.seconds", merge);

        // The event queues (HazelcastEventQueues): bounded, each event on one more member before an offer returns
        config.addQueueConfig(new QueueConfig("evt-*").setMaxSize(options.eventQueueSize()).setBackupCount(1)
                .setAsyncBackupCount(0));

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(options.port()).setPortAutoIncrement(options.portAutoIncrement());
        String host = options.effectiveHost();
        if (host != null) {
            network.getInterfaces().clear().setEnabled(true).addInterface(ipOf(host));
        }
        String publicAddress = options.publicAddress();
        if (publicAddress != null) {
            network.setPublicAddress(publicAddress);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(options.members());
        return config;
    }

    /** How many members the cluster of {@code vertx} has besides it now; 0 for a Vert.x that is not clustered. */
    public static int otherMembers(Vertx vertx) {
        ClusterManager manager = ((VertxInternal) vertx).clusterManager();
        return manager == null ? 0 : Math.max(0, manager.getNodes().size() - 1);
    }

    /**
     * True when {@code failure}, from starting a {@link ClusterOptions#liteMember() lite member} or a
     * {@link #clientBuilder client}, means that it found no full member: no node of its cluster answered at the
     * members it was given.
     */
    public static boolean foundNoFullMember(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoDataMemberInClusterException || t instanceof NoClusterMemberAnswered) {
                return true;
            }
        }
        return false;
    }

    static EventBusOptions eventBusOptions(ClusterOptions options, VertxOptions base) {
        EventBusOptions eventBus = new EventBusOptions(base.getEventBusOptions());
        String host = options.eventBusHost() != null ? options.eventBusHost() : options.effectiveHost();
        if (host != null) {
            eventBus.setHost(host);
        }
        eventBus.setPort(options.eventBusPort());
        if (options.eventBusPublicHost() != null) {
            eventBus.setClusterPublicHost(options.eventBusPublicHost());
        }
        if (options.eventBusPublicPort() >= 0) {
            eventBus.setClusterPublicPort(options.eventBusPublicPort());
        }
        // Vert.x's 20 s + 20 s would leave calls to a node behind a silent connection timing out for 40 s
        long ping = options.eventBusPingInterval().toMillis();
        eventBus.setClusterPingInterval(ping).setClusterPingReplyInterval(ping);
        return eventBus;
    }

    /** Hazelcast's interface setting wants an address, not a name. */
    private static String ipOf(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new ConfigurationError("cluster.host " + host + " does not resolve", e);
        }
    }
}
