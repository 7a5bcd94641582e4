package dev.enoki.discovery;

import dev.enoki.ConfigurationError;
import dev.enoki.config.Durations;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.Map;

/**
 * How long a singleton timer's lease lasts on a Hazelcast cluster without its holder renewing it: the longest an
 * instance takes over from a holder that died. Config {@code discovery.singleton_lease} (env
 * {@code ENOKI_SINGLETON_LEASE}, default 5s). Every instance claims the lease a fifth of it apart, and a holder
 * stops acting on its last grant one fifth before the grant runs out, a margin for clock skew between members.
 */
public record LeaseTerm(Duration term) {

    public static final Duration DEFAULT = Duration.ofSeconds(5);

    public LeaseTerm {
        if (term.toMillis() < 500) {
            throw new ConfigurationError("discovery.singleton_lease must be at least 500ms, not " + term);
        }
    }

    public static LeaseTerm fromConfig(JsonObject config, Map<String, String> env) {
        JsonObject section = config.getJsonObject("discovery", new JsonObject());
        Object value = section.getValue("singleton_lease", env.get("ENOKI_SINGLETON_LEASE"));
        return new LeaseTerm(Durations.fromConfig(value, DEFAULT));
    }

    /** How often each instance claims the lease: a holder renews it, the others try to take it. */
    public Duration claimInterval() {
        return term.dividedBy(5);
    }

    /** How long after sending a claim that was granted the holder may act on it. */
    public Duration trusted() {
        return term.minus(claimInterval());
    }
}
