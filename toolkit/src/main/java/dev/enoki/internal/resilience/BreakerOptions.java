package dev.enoki.internal.resilience;

import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code circuit_breaker} section of the config: when the breaker of a container's calls to one service opens,
 * and for how long. The defaults are Moleculer's: open when at least half of at least 20 calls in the last 60 s
 * failed, probe again after 10 s with one call.
 *
 * @param enabled       false turns every breaker off: calls go out whatever became of the calls before them
 * @param failureRate   percent of failed calls in the window at or above which the breaker opens
 * @param minimumCalls  calls the window must hold before its failure rate counts
 * @param window        how far back the calls counted go
 * @param openFor       how long an open breaker fails calls at once before it lets probes through
 * @param halfOpenCalls probes let through once it is over; their failure rate closes it or opens it again
 */
public record BreakerOptions(boolean enabled, double failureRate, int minimumCalls, Duration window, Duration openFor,
                             int halfOpenCalls) {
    public static final String SECTION = "circuit_breaker";

    public static BreakerOptions defaults() {
        return new BreakerOptions(true, 50, 20, Duration.ofSeconds(60), Duration.ofSeconds(10), 1);
    }

    /** The section in a container's config, the defaults for what it leaves out. */
    public static BreakerOptions fromConfig(JsonObject config) {
        JsonObject section = Sections.of(config, SECTION);
        BreakerOptions d = defaults();
        try {
            return new BreakerOptions(ConfigValues.flag("enabled", section.getValue("enabled"), d.enabled()),
                    ConfigValues.decimal(section, "failure_rate", d.failureRate()),
                    ConfigValues.integer(section, "minimum_calls", d.minimumCalls()),
                    ConfigValues.duration(section, "window", d.window()),
                    ConfigValues.duration(section, "open_for", d.openFor()),
                    ConfigValues.integer(section, "half_open_calls", d.halfOpenCalls())).checked();
        } catch (ConfigurationError e) {
            throw new ConfigurationError(SECTION + "." + e.getMessage(), e);
        }
    }

    private BreakerOptions checked() {
        if (failureRate <= 0 || failureRate > 100) {
            throw new ConfigurationError("failure_rate must be above 0 and at most 100, not " + failureRate);
        }
        if (minimumCalls < 1 || halfOpenCalls < 1) {
            throw new ConfigurationError("minimum_calls and half_open_calls must be at least 1");
        }
        if (window.toSeconds() < 1 || openFor.isNegative() || openFor.isZero()) {
            throw new ConfigurationError("window must be at least 1s and open_for positive");
        }
        return this;
    }
}
