package dev.enoki;


/**
 * The connection to RabbitMQ is down: the call may or may not have run, and its reply cannot come. Raised at once
 * when the connection drops rather than at the call's deadline.
 */
public final class BrokerConnectionLost extends EnokiException {
    public BrokerConnectionLost(String message) {
        super(message);
    }

    public BrokerConnectionLost(String message, Throwable cause) {
        super(message, cause);
    }
}
