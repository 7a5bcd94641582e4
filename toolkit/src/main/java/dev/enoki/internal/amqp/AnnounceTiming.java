package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * How often a node on RabbitMQ announces its records and how long they outlive its silence: the keys and defaults
 * of the cluster registry ({@code discovery.ttl}, env {@code ENOKI_DISCOVERY_TTL}, default 10s;
 * {@code discovery.heartbeat}, env {@code ENOKI_DISCOVERY_HEARTBEAT}, default a quarter of the TTL), so a service
 * vanishes as fast on either transport.
 */
record AnnounceTiming(Duration ttl, Duration heartbeat) {
    static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** How long a newcomer collects the others' answers before it lists what it knows. */
    private static final Duration ANSWER_WINDOW = Duration.ofMillis(500);

    AnnounceTiming {
        if (ttl.toMillis() < 200) {
            throw new ConfigurationError("discovery.ttl must be at least 200ms, not " + ttl);
        }
        if (heartbeat.isZero() || heartbeat.isNegative() || heartbeat.compareTo(ttl) >= 0) {
            throw new ConfigurationError("discovery.heartbeat (" + heartbeat + ") must be shorter than discovery.ttl ("
                    + ttl + ") so a live node refreshes its records before they expire");
        }
    }

    static AnnounceTiming fromConfig(JsonObject config, Map<String, String> env) {
        JsonObject section = config.getJsonObject("discovery", new JsonObject());
        Duration ttl = Durations.fromConfig(section.getValue("ttl", env.get("ENOKI_DISCOVERY_TTL")), DEFAULT_TTL);
        Object heartbeat = section.getValue("heartbeat", env.get("ENOKI_DISCOVERY_HEARTBEAT"));
        return new AnnounceTiming(ttl, Durations.fromConfig(heartbeat, ttl.dividedBy(4)));
    }

    /**
     * The others answer a newcomer's question within milliseconds on a healthy broker; this window leaves room for
     * a busy node, and one that misses it is listed with its next heartbeat.
     */
    Duration answerWindow() {
        return heartbeat.compareTo(ANSWER_WINDOW) < 0 ? heartbeat : ANSWER_WINDOW;
    }
}
