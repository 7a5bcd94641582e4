package dev.enoki.discovery;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * How long a record outlives its node's silence. Each node tells the cluster every {@code heartbeat} which of its
 * instances are alive; an instance not named for longer than {@code ttl} is left out of every lookup, so the records
 * of a node killed without stopping vanish within {@code ttl} even when no membership event says so (Hazelcast's
 * membership event usually comes sooner). An instance heard from again is listed again.
 *
 * <p>Config {@code discovery.ttl} (env {@code ENOKI_DISCOVERY_TTL}, default 10s) and {@code discovery.heartbeat}
 * (env {@code ENOKI_DISCOVERY_HEARTBEAT}, default a quarter of the TTL).
 */
public record DiscoveryOptions(Duration ttl, Duration heartbeat) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);

    public DiscoveryOptions {
        if (ttl.toMillis() < 200) {
            throw new ConfigurationError("discovery.ttl must be at least 200ms, not " + ttl);
        }
        if (heartbeat.isZero() || heartbeat.isNegative() || heartbeat.compareTo(ttl) >= 0) {
            throw new ConfigurationError("discovery.heartbeat (" + heartbeat + ") must be shorter than discovery.ttl ("
                    + ttl + ") so a live node refreshes its records before they expire");
        }
    }

    public static DiscoveryOptions fromConfig(JsonObject config, Map<String, String> env) {
        JsonObject section = config.getJsonObject("discovery", new JsonObject());
        Object ttlValue = section.getValue("ttl", env.get("ENOKI_DISCOVERY_TTL"));
        Duration ttl = Durations.fromConfig(ttlValue, DEFAULT_TTL);
        Object heartbeatValue = section.getValue("heartbeat", env.get("ENOKI_DISCOVERY_HEARTBEAT"));
        return new DiscoveryOptions(ttl, Durations.fromConfig(heartbeatValue, ttl.dividedBy(4)));
    }
}
