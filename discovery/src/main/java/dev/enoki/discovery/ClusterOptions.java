package dev.enoki.discovery;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How a node joins its cluster: Hazelcast TCP-IP join with a member list (no multicast), the Hazelcast member port,
 * and the clustered event bus's own host and port. Each setting comes from the {@code cluster} section of the config,
 * else from the environment, else a default that works for several JVMs on 127.0.0.1.
 *
 * <table>
 * <tr><th>config {@code cluster.*}</th><th>environment</th><th>default</th></tr>
 * <tr><td>name</td><td>ENOKI_CLUSTER_NAME</td><td>enoki</td></tr>
 * <tr><td>members (list or comma separated, {@code host[:port]})</td><td>ENOKI_CLUSTER_MEMBERS</td><td>127.0.0.1</td></tr>
 * <tr><td>host (interface Hazelcast binds)</td><td>ENOKI_CLUSTER_HOST</td><td>127.0.0.1 when every member is
 * loopback, else Hazelcast's choice</td></tr>
 * <tr><td>port (first Hazelcast port tried)</td><td>ENOKI_CLUSTER_PORT</td><td>5701</td></tr>
 * <tr><td>port_auto_increment</td><td>ENOKI_CLUSTER_PORT_AUTO_INCREMENT</td><td>true</td></tr>
 * <tr><td>public_host (address others reach this member at, behind NAT)</td><td>ENOKI_CLUSTER_PUBLIC_HOST</td><td>-</td></tr>
 * <tr><td>public_port (port others reach this member at, behind NAT or a proxy)</td><td>ENOKI_CLUSTER_PUBLIC_PORT</td>
 * <td>-1 (the bound port)</td></tr>
 * <tr><td>eventbus_host</td><td>ENOKI_EVENTBUS_HOST</td><td>the cluster host</td></tr>
 * <tr><td>eventbus_port (0: any free port)</td><td>ENOKI_EVENTBUS_PORT</td><td>0</td></tr>
 * <tr><td>eventbus_public_host</td><td>ENOKI_EVENTBUS_PUBLIC_HOST</td><td>-</td></tr>
 * <tr><td>eventbus_public_port</td><td>ENOKI_EVENTBUS_PUBLIC_PORT</td><td>-1 (the bound port)</td></tr>
 * <tr><td>eventbus_ping_interval (a clustered event-bus connection silent past two of them is closed and made
 * anew)</td><td>ENOKI_EVENTBUS_PING_INTERVAL</td><td>5s</td></tr>
 * <tr><td>failure_timeout (a silent member is dropped after it)</td><td>ENOKI_CLUSTER_FAILURE_TIMEOUT</td><td>5s</td></tr>
 * <tr><td>merge_interval (how often members split off by a partition look for each other to merge again)</td>
 * <td>ENOKI_CLUSTER_MERGE_INTERVAL</td><td>10s</td></tr>
 * </table>
 */
public final class ClusterOptions {
    private String name = "enoki";
    private List<String> members = List.of("127.0.0.1");
    private String host;
    private int port = 5701;
    private boolean portAutoIncrement = true;
    private String publicHost;
    private int publicPort = -1;
    private String eventBusHost;
    private int eventBusPort;
    private String eventBusPublicHost;
    private int eventBusPublicPort = -1;
    private Duration eventBusPingInterval = Duration.ofSeconds(5);
    private Duration failureTimeout = Duration.ofSeconds(5);
    private Duration mergeInterval = Duration.ofSeconds(10);
    private boolean liteMember;
    private int eventQueueSize = 10_000;

    /** The options of {@code config}'s {@code cluster} section, completed from {@code env}. */
    public static ClusterOptions fromConfig(JsonObject config, Map<String, String> env) {
        JsonObject c = config.getJsonObject("cluster", new JsonObject());
        ClusterOptions o = new ClusterOptions();
        String name = text(c, "name", env, "ENOKI_CLUSTER_NAME");
        if (name != null) {
            o.setName(name);
        }
        Object members = c.getValue("members");
        if (members instanceof JsonArray list) {
            o.setMembers(list.stream().map(String::valueOf).toList());
        } else if (members != null || env.get("ENOKI_CLUSTER_MEMBERS") != null) {
            String joined = members != null ? members.toString() : env.get("ENOKI_CLUSTER_MEMBERS");
            o.setMembers(Arrays.stream(joined.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
        }
        o.setHost(text(c, "host", env, "ENOKI_CLUSTER_HOST"));
        o.setPort(number(c, "port", env, "ENOKI_CLUSTER_PORT", o.port));
        String increment = text(c, "port_auto_increment", env, "ENOKI_CLUSTER_PORT_AUTO_INCREMENT");
        if (increment != null) {
            o.setPortAutoIncrement(Boolean.parseBoolean(increment));
        }
        o.setPublicHost(text(c, "public_host", env, "ENOKI_CLUSTER_PUBLIC_HOST"));
        o.setPublicPort(number(c, "public_port", env, "ENOKI_CLUSTER_PUBLIC_PORT", -1));
        o.setEventBusHost(text(c, "eventbus_host", env, "ENOKI_EVENTBUS_HOST"));
        o.setEventBusPort(number(c, "eventbus_port", env, "ENOKI_EVENTBUS_PORT", 0));
        o.setEventBusPublicHost(text(c, "eventbus_public_host", env, "ENOKI_EVENTBUS_PUBLIC_HOST"));
        o.setEventBusPublicPort(number(c, "eventbus_public_port", env, "ENOKI_EVENTBUS_PUBLIC_PORT", -1));
        String ping = text(c, "eventbus_ping_interval", env, "ENOKI_EVENTBUS_PING_INTERVAL");
        if (ping != null) {
            o.setEventBusPingInterval(Durations.fromConfig(ping, o.eventBusPingInterval));
        }
        String timeout = text(c, "failure_timeout", env, "ENOKI_CLUSTER_FAILURE_TIMEOUT");
        if (timeout != null) {
            o.setFailureTimeout(Durations.fromConfig(timeout, o.failureTimeout));
        }
        int queueSize = number(c, "event_queue_size", env, "ENOKI_EVENT_QUEUE_SIZE", o.eventQueueSize);
        o.setEventQueueSize(queueSize);
        String merge = text(c, "merge_interval", env, "ENOKI_CLUSTER_MERGE_INTERVAL");
        if (merge != null) {
            o.setMergeInterval(Durations.fromConfig(merge, o.mergeInterval));
        }
        return o;
    }

    private static String text(JsonObject section, String key, Map<String, String> env, String variable) {
        Object value = section.getValue(key);
        return value != null ? value.toString() : env.get(variable);
    }

    private static int number(JsonObject section, String key, Map<String, String> env, String variable, int fallback) {
        String value = text(section, key, env, variable);
        try {
            return value == null ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationError("cluster." + key + " must be a whole number, not " + value);
        }
    }

    /** The interface Hazelcast binds: the configured host, or 127.0.0.1 when every member is on loopback. */
    public String effectiveHost() {
        if (host != null) {
            return host;
        }
        boolean loopback = members.stream().map(m -> m.split(":")[0])
                .allMatch(h -> h.equals("127.0.0.1") || h.equals("localhost"));
        return loopback ? "127.0.0.1" : null;
    }

    public String name() {
        return name;
    }

    public ClusterOptions setName(String name) {
        this.name = name;
        return this;
    }

    public List<String> members() {
        return members;
    }

    public ClusterOptions setMembers(List<String> members) {
        if (members.isEmpty()) {
            throw new ConfigurationError("cluster.members needs at least one host[:port]");
        }
        this.members = List.copyOf(new ArrayList<>(members));
        return this;
    }

    public String host() {
        return host;
    }

    public ClusterOptions setHost(String host) {
        this.host = host;
        return this;
    }

    public int port() {
        return port;
    }

    public ClusterOptions setPort(int port) {
        this.port = port;
        return this;
    }

    public boolean portAutoIncrement() {
        return portAutoIncrement;
    }

    public ClusterOptions setPortAutoIncrement(boolean portAutoIncrement) {
        this.portAutoIncrement = portAutoIncrement;
        return this;
    }

    public String publicHost() {
        return publicHost;
    }

    public ClusterOptions setPublicHost(String publicHost) {
        this.publicHost = publicHost;
        return this;
    }

    public int publicPort() {
        return publicPort;
    }

    public ClusterOptions setPublicPort(int publicPort) {
        this.publicPort = publicPort;
        return this;
    }

    /**
     * The Hazelcast public address, {@code host[:port]}, or null for Hazelcast's own choice: the public host, else the
     * bound host when only a public port is set.
     */
    public String publicAddress() {
        String host = publicHost != null ? publicHost : publicPort > 0 ? effectiveHost() : null;
        if (host == null) {
            if (publicPort > 0) {
                throw new ConfigurationError("cluster.public_port " + publicPort
                        + " needs cluster.public_host or cluster.host");
            }
            return null;
        }
        return publicPort > 0 ? host + ":" + publicPort : host;
    }

    public String eventBusHost() {
        return eventBusHost;
    }

    public ClusterOptions setEventBusHost(String eventBusHost) {
        this.eventBusHost = eventBusHost;
        return this;
    }

    public int eventBusPort() {
        return eventBusPort;
    }

    public ClusterOptions setEventBusPort(int eventBusPort) {
        this.eventBusPort = eventBusPort;
        return this;
    }

    public String eventBusPublicHost() {
        return eventBusPublicHost;
    }

    public ClusterOptions setEventBusPublicHost(String eventBusPublicHost) {
        this.eventBusPublicHost = eventBusPublicHost;
        return this;
    }

    public int eventBusPublicPort() {
        return eventBusPublicPort;
    }

    public ClusterOptions setEventBusPublicPort(int eventBusPublicPort) {
        this.eventBusPublicPort = eventBusPublicPort;
        return this;
    }

    /**
     * How often a clustered event-bus connection is pinged; one not answered within the same time again is closed,
     * failing what waits to be written, and the next message opens a new one. So a silent (half-open) connection is
     * found within two intervals.
     */
    public Duration eventBusPingInterval() {
        return eventBusPingInterval;
    }

    public ClusterOptions setEventBusPingInterval(Duration eventBusPingInterval) {
        if (eventBusPingInterval.toMillis() <= 0) {
            throw new ConfigurationError("cluster.eventbus_ping_interval must be positive, not " + eventBusPingInterval);
        }
        this.eventBusPingInterval = eventBusPingInterval;
        return this;
    }

    public Duration mergeInterval() {
        return mergeInterval;
    }

    public ClusterOptions setMergeInterval(Duration mergeInterval) {
        this.mergeInterval = mergeInterval;
        return this;
    }

    /**
     * A lite member holds no data: its joining and leaving move no partitions, for a long-lived process that only
     * calls and looks. Alone it cannot start: a cluster needs one full member. The command line is not one: it joins
     * as a Hazelcast client ({@link ClusteredVertx#clientBuilder}), which the members do not see come and go.
     */
    public boolean liteMember() {
        return liteMember;
    }

    public ClusterOptions setLiteMember(boolean liteMember) {
        this.liteMember = liteMember;
        return this;
    }

    /**
     * How many events one handler queue of the cluster holds (toolkit/EVENTBUS.md, "Event queues"); a dispatch into
     * a full one fails with {@link dev.enoki.EventQueueFull}. A member setting: give every member the same.
     */
    public int eventQueueSize() {
        return eventQueueSize;
    }

    public ClusterOptions setEventQueueSize(int eventQueueSize) {
        if (eventQueueSize < 1) {
            throw new ConfigurationError("cluster.event_queue_size must be at least 1, not " + eventQueueSize);
        }
        this.eventQueueSize = eventQueueSize;
        return this;
    }

    public Duration failureTimeout() {
        return failureTimeout;
    }

    public ClusterOptions setFailureTimeout(Duration failureTimeout) {
        this.failureTimeout = failureTimeout;
        return this;
    }
}
