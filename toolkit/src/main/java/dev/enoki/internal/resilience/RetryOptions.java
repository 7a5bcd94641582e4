package dev.enoki.internal.resilience;

import dev.enoki.ConfigurationError;
import dev.enoki.config.ConfigValues;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The {@code retry} section of the config: how often a call that was refused unrun ({@code ServiceBusy}) is tried
 * again, with exponential backoff and full jitter, always within the call's deadline.
 *
 * @param attempts  tries in all, the first included; 1 turns retries off
 * @param baseDelay the first backoff's ceiling, doubled for each retry after it
 * @param maxDelay  no backoff's ceiling grows past this
 */
public record RetryOptions(int attempts, Duration baseDelay, Duration maxDelay) {
    public static final String SECTION = "retry";

    /** The same with another number of tries in all. */
    public RetryOptions withAttempts(int tries) {
        return new RetryOptions(tries, baseDelay, maxDelay);
    }

    public static RetryOptions defaults() {
        return new RetryOptions(3, Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    /** The section in a container's config, the defaults for what it leaves out. */
    public static RetryOptions fromConfig(JsonObject config) {
        JsonObject section = Sections.of(config, SECTION);
        RetryOptions d = defaults();
        try {
            RetryOptions options = new RetryOptions(ConfigValues.integer(section, "attempts", d.attempts()),
                    ConfigValues.duration(section, "base_delay", d.baseDelay()),
                    ConfigValues.duration(section, "max_delay", d.maxDelay()));
            if (options.attempts() < 1) {
                throw new ConfigurationError("attempts must be at least 1, not " + options.attempts());
            }
            if (options.baseDelay().toMillis() < 1 || options.maxDelay().compareTo(options.baseDelay()) < 0) {
                throw new ConfigurationError("base_delay must be at least 1ms and max_delay at least base_delay");
            }
            return options;
        } catch (ConfigurationError e) {
            throw new ConfigurationError(SECTION + "." + e.getMessage(), e);
        }
    }

    /** The ceiling of the backoff before retry {@code retry} (1 for the first): base, doubled each time, capped. */
    long ceilingMillis(int retry) {
        long ceiling = baseDelay.toMillis() << Math.min(retry - 1, 30);
        return Math.min(ceiling, maxDelay.toMillis());
    }
}
