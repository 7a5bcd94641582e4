package dev.enoki;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * The TLS handshake with RabbitMQ failed, so no connection was made: the broker's certificate is not trusted or
 * does not name the host, or the broker refused this side (no client certificate, or one it does not trust).
 * Raised when a container or client starts; retrying does not help until the settings or certificates change.
 */
public final class TlsHandshakeFailed extends EnokiException {
    public TlsHandshakeFailed(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The TLS failure in {@code error}'s causes, explained for {@code endpoint}; null when it is no TLS failure.
     * With TLS 1.3 a broker that refuses the client's certificate does so after the client finished its part of
     * the handshake, so the client sees the connection dropped before AMQP began rather than a TLS alert.
     */
    public static TlsHandshakeFailed of(String endpoint, Throwable error) {
        SSLException tls = find(error, SSLException.class);
        if (tls == null) {
            return droppedBeforeAmqp(error) ? new TlsHandshakeFailed("RabbitMQ at " + endpoint + " dropped the TLS "
                    + "connection before AMQP began (" + error.getMessage() + "): it refused this side's client "
                    + "certificate, or there was none; give AMQP_SSL certfile and keyfile (or key_store) signed by a CA "
                    + "the broker trusts", error) : null;
        }
        String detail = tls.getMessage();
        if (find(error, CertPathBuilderException.class) != null || find(error, CertPathValidatorException.class) != null) {
            return new TlsHandshakeFailed("RabbitMQ at " + endpoint + " presented a certificate that is not trusted: "
                    + "AMQP_SSL ca_certs (or trust_store) must hold the CA that signed it (" + detail + ")", error);
        }
        CertificateException certificate = find(error, CertificateException.class);
        if (certificate != null) {
            return new TlsHandshakeFailed("the certificate of RabbitMQ at " + endpoint + " was refused: "
                    + certificate.getMessage(), error);
        }
        return new TlsHandshakeFailed("the TLS handshake with RabbitMQ at " + endpoint + " failed (" + detail
                + "); if the broker asks for a client certificate, give AMQP_SSL certfile and keyfile (or key_store)"
                + " signed by a CA it trusts", error);
    }

    private static boolean droppedBeforeAmqp(Throwable error) {
        SocketException socket = find(error, SocketException.class);
        return find(error, EOFException.class) != null
                || socket != null && !(socket instanceof ConnectException) && !(socket instanceof NoRouteToHostException);
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
