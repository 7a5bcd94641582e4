package dev.enoki.internal.container;

import dev.enoki.BrokerConnectionLost;
import dev.enoki.ConfigurationError;
import dev.enoki.http.PortInUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a container that failed to start logs why. A failure that explains itself (a bad setting, a taken port, a
 * broker out of reach) is for the caller of {@code start()} to report, in one line: logging it here too would say it
 * twice, with a stack trace. Anything else is logged with its stack trace.
 */
public final class StartFailure {
    private static final Logger log = LoggerFactory.getLogger(StartFailure.class);

    private StartFailure() {
    }

    public static void log(String service, Throwable failure) {
        if (failure instanceof ConfigurationError || failure instanceof BrokerConnectionLost || PortInUse.in(failure)) {
            log.debug("{} failed to start", service, failure);
        } else {
            log.error("{} failed to start", service, failure);
        }
    }
}
