package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;

import java.security.KeyStore;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code AMQP_SSL} map, read with the names Nameko passes to Python's {@code ssl} module ({@code ca_certs},
 * {@code certfile}, {@code keyfile}, {@code cert_reqs}) or as Java key stores ({@code trust_store}, {@code key_store},
 * each with {@code _password} and {@code _type}). Files are read with Vert.x's key material loaders, which take PEM
 * keys in PKCS#8 and PKCS#1 form. With no trust setting the JVM's trust store is used; there is no way to trust
 * every certificate.
 */
final class AmqpTls {
    private static final Set<String> KEYS = Set.of("ca_certs", "certfile", "keyfile", "cert_reqs", "protocol",
            "trust_store", "trust_store_password", "trust_store_type", "key_store", "key_store_password",
            "key_store_type");
    private static final Set<Object> VERIFYING = Set.of("CERT_REQUIRED", "required", 2);

    /** Holds passwords: never printed (no toString of its own, no record). */
    private final JsonObject ssl;

    private AmqpTls(JsonObject ssl) {
        this.ssl = ssl;
    }

    /** Checks the map at startup, so a half-given client certificate or a verification opt-out fails at once. */
    static AmqpTls of(JsonObject ssl) {
        for (String key : ssl.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new ConfigurationError("AMQP_SSL has an unknown key '" + key + "'; known keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()));
            }
        }
        Object certReqs = ssl.getValue("cert_reqs");
        if (certReqs != null && !VERIFYING.contains(certReqs)) {
            throw new ConfigurationError("AMQP_SSL cert_reqs '" + certReqs + "' is not supported: Enoki always "
                    + "verifies the broker's certificate (CERT_REQUIRED)");
        }
        if (ssl.containsKey("certfile") != ssl.containsKey("keyfile")) {
            throw new ConfigurationError("AMQP_SSL needs both certfile and keyfile for a client certificate");
        }
        if (ssl.containsKey("certfile") && ssl.containsKey("key_store")) {
            throw new ConfigurationError("AMQP_SSL takes a client certificate from certfile/keyfile or from "
                    + "key_store, not both");
        }
        if (ssl.containsKey("ca_certs") && ssl.containsKey("trust_store")) {
            throw new ConfigurationError("AMQP_SSL takes trusted certificates from ca_certs or from trust_store, "
                    + "not both");
        }
        return new AmqpTls(ssl.copy());
    }

    /** Reads the files: call it off the event loop. */
    SSLContext context(Vertx vertx) {
        try {
            SSLContext context = SSLContext.getInstance(ssl.getString("protocol", "TLS"));
            TrustOptions trust = trustOptions();
            TrustManagerFactory trustManagers;
            if (trust == null) {
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init((KeyStore) null);
            } else {
                trustManagers = trust.getTrustManagerFactory(vertx);
            }
            KeyCertOptions keys = keyOptions();
            KeyManagerFactory keyManagers = keys == null ? null : keys.getKeyManagerFactory(vertx);
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            // The message names a file or an algorithm, never a password.
            throw new ConfigurationError("AMQP_SSL cannot be set up: " + e.getMessage(), e);
        }
    }

    private TrustOptions trustOptions() {
        if (ssl.containsKey("ca_certs")) {
            return new PemTrustOptions().addCertPath(ssl.getString("ca_certs"));
        }
        return keyStore("trust_store");
    }

    private KeyCertOptions keyOptions() {
        if (ssl.containsKey("certfile")) {
            return new PemKeyCertOptions().setCertPath(ssl.getString("certfile")).setKeyPath(ssl.getString("keyfile"));
        }
        return keyStore("key_store");
    }

    private KeyStoreOptions keyStore(String key) {
        String path = ssl.getString(key);
        if (path == null) {
            return null;
        }
        return new KeyStoreOptions().setPath(path).setType(ssl.getString(key + "_type", KeyStore.getDefaultType()))
                .setPassword(ssl.getString(key + "_password", ""));
    }
}
