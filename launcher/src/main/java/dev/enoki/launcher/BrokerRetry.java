package dev.enoki.launcher;

import dev.enoki.BrokerConnectionLost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Starting against a broker that may not be up yet (containers starting together, a broker restarting): a start
 * that failed because the broker could not be reached is tried again a few times, each failure reported with where
 * it was trying (host, port, vhost; never the password). Any other failure is final at once.
 */
final class BrokerRetry {
    /** Config key: how many times to try again after the first attempt. */
    static final String RETRIES_KEY = "broker_connect_retries";
    static final int DEFAULT_RETRIES = 3;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    private final Vertx vertx;
    private final JsonObject config;
    private final PrintStream err;

    BrokerRetry(Vertx vertx, JsonObject config, PrintStream err) {
        this.vertx = vertx;
        this.config = config;
        this.err = err;
    }

    /** Runs {@code start}, again after 1 s, 2 s, 4 s... while it fails to reach the broker. */
    <T> Future<T> start(Supplier<Future<T>> start) {
        return attempt(start, 1, retries() + 1, FIRST_PAUSE);
    }

    private <T> Future<T> attempt(Supplier<Future<T>> start, int attempt, int attempts, Duration pause) {
        return start.get().recover(e -> {
            if (!unreachable(e) || attempt >= attempts) {
                return Future.failedFuture(attempt > 1 && unreachable(e)
                        ? new BrokerConnectionLost(e.getMessage() + " (" + attempts + " attempts)", e) : e);
            }
            err.println("enoki: cannot reach " + ConnectionOptions.describeTransport(config) + ": "
                    + SecretMasker.maskUri(String.valueOf(e.getMessage())) + "; attempt " + attempt + " of " + attempts
                    + ", trying again in " + pause.toSeconds() + "s");
            err.flush();
            return vertx.timer(pause.toMillis()).compose(x -> attempt(start, attempt + 1, attempts, pause.multipliedBy(2)));
        });
    }

    private int retries() {
        Object value = config.getValue(RETRIES_KEY);
        try {
            return value == null ? DEFAULT_RETRIES : Math.max(0, Integer.parseInt(value.toString().trim()));
        } catch (NumberFormatException e) {
            throw new LauncherException(ExitCodes.CONFIG, RETRIES_KEY + " must be a number, not " + value);
        }
    }

    /** Whether the failure is the broker being out of reach, rather than a refusal it gave (or no broker at all). */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BrokerConnectionLost) {
                return true;
            }
        }
        return false;
    }
}
