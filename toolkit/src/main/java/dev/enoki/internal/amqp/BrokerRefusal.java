package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.ConfigurationError;

import java.io.IOException;

/**
 * A broker that answered and refused the connection: the login (user or password, or a login method it does not
 * take), or the vhost (missing, or not the user's). Trying again cannot help, so it is a {@link ConfigurationError}
 * naming what to fix, not a lost connection, and the broker's own reason is in it (the client's exception for a
 * refused vhost has no message).
 */
final class BrokerRefusal {
    /** connection.close codes the broker answers a connection.open with when it refuses it. */
    private static final int NOT_ALLOWED = 530;
    private static final int ACCESS_REFUSED = 403;
    /** How the client says the broker offered no login method it has (its own words, then the broker's list). */
    private static final String NO_LOGIN_METHOD = "No compatible authentication mechanism found -";

    private BrokerRefusal() {
    }

    /** The refusal in {@code failure}, or null when the broker did not refuse (it could not be reached, ...). */
    static ConfigurationError of(AmqpSettings settings, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null
                    && t.getMessage().startsWith(NO_LOGIN_METHOD)) {
                return new ConfigurationError("RabbitMQ at " + settings.hostAndPort() + " takes none of the login "
                        + "methods Enoki offered (" + t.getMessage().substring(NO_LOGIN_METHOD.length()).trim()
                        + "): set LOGIN_METHOD to one it offers (EXTERNAL: a client certificate over TLS)", failure);
            }
            if (t instanceof AuthenticationFailureException) {
                return new ConfigurationError("RabbitMQ refused the login for user '" + settings.username() + "' at "
                        + settings.hostAndPort() + ": check the user and password in AMQP_URI", failure);
            }
            if (t instanceof ShutdownSignalException signal && !signal.isInitiatedByApplication()
                    && signal.getReason() instanceof AMQP.Connection.Close close
                    && (close.getReplyCode() == NOT_ALLOWED || close.getReplyCode() == ACCESS_REFUSED)) {
                return new ConfigurationError("RabbitMQ at " + settings.hostAndPort() + " refused vhost '"
                        + settings.virtualHost() + "' for user '" + settings.username() + "': " + close.getReplyText()
                        + "; create the vhost or give the user access to it, or fix the vhost in AMQP_URI", failure);
            }
        }
        return null;
    }
}
