package dev.enoki.internal.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's usual handler of unexpected errors, except while the connection is being opened: a broker that
 * refuses the login or the vhost closes the socket, and the client would log that as "an unexpected connection
 * driver error" (a WARN per attempt) beside the failed open, which already says why in its own words.
 */
final class QuietWhileOpening extends ForgivingExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(QuietWhileOpening.class);
    private volatile boolean opened;

    /** From now on every error is the client's usual WARN. */
    void opened() {
        opened = true;
    }

    @Override
    public void handleUnexpectedConnectionDriverException(Connection connection, Throwable error) {
        if (opened) {
            super.handleUnexpectedConnectionDriverException(connection, error);
        } else {
            log.debug("connection driver error while opening: {}", error.toString());
        }
    }
}
