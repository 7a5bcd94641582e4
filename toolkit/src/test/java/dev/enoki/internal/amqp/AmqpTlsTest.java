package dev.enoki.internal.amqp;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.enoki.CapturedLogs;
import dev.enoki.EnokiClient;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.TlsHandshakeFailed;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static dev.enoki.testsupport.RabbitVhost.rabbitmqctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code amqps://} against a real TLS listener of the broker that verifies peers and requires a client certificate:
 * RPC and events work with Nameko's PEM settings and with Java key stores; a missing client certificate and an
 * untrusted broker certificate fail with {@link TlsHandshakeFailed}; no password reaches the log.
 */
class AmqpTlsTest {
    private static final String USER = "enoki-tls-test";
    private static final String PASSWORD = "amqp-pass-do-not-log";
    private static final BlockingQueue<String> PINGS = new ArrayBlockingQueue<>(10);

    private static RabbitTestBroker broker;
    private static TlsTestListener tls;

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();
    private ContainerFactory factory;

    @Service("tls_echo")
    public static class Echo {
        @Rpc
        public String echo(String text) {
            return "echo: " + text;
        }

        @EventHandler(source = "tls_source", event = "ping")
        public void onPing(String payload) {
            PINGS.add(payload);
        }
    }

    @BeforeAll
    static void listen() throws Exception {
        broker = RabbitTestBroker.freshVhost();
        rabbitmqctl("add_user", USER, PASSWORD);
        rabbitmqctl("set_permissions", "-p", broker.vhost(), USER, ".*", ".*", ".*");
        tls = TlsTestListener.start();
    }

    @AfterAll
    static void stopListening() {
        try {
            tls.close();
        } finally {
            rabbitmqctl("delete_user", USER);
            broker.close();
        }
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    private ContainerFactory factoryWith(JsonObject ssl) {
        factory = new ContainerFactory(config(ssl));
        return factory;
    }

    private static JsonObject config(JsonObject ssl) {
        return new JsonObject()
                .put("AMQP_URI", "amqps://" + USER + ":" + PASSWORD + "@127.0.0.1:" + tls.port() + "/"
                        + URLEncoder.encode(broker.vhost(), StandardCharsets.UTF_8))
                .put("AMQP_SSL", ssl);
    }

    /** Connecting a client with {@code ssl}, which is expected to fail. */
    private Throwable connectFailure(JsonObject ssl) {
        factory = new ContainerFactory(config(ssl));
        return catchThrowable(() -> await(EnokiClient.connect(factory.vertx(), config(ssl))));
    }

    private static JsonObject pemClientCertificate() {
        return new JsonObject().put("ca_certs", tls.file("ca.pem")).put("certfile", tls.file("client.pem"))
                .put("keyfile", tls.file("client.key"));
    }

    @Test
    void rpcAndEventsTravelOverAmqpsWithAPemClientCertificate() throws InterruptedException {
        ContainerFactory containers = factoryWith(pemClientCertificate());
        containers.start(Echo.class);
        EnokiClient client = containers.client();

        assertThat(client.proxy("tls_echo").call("echo", String.class, "over tls")).isEqualTo("echo: over tls");
        client.dispatch("tls_source", "ping", "tls ping");
        assertThat(PINGS.poll(10, TimeUnit.SECONDS)).isEqualTo("tls ping");

        // list_connections ignores -p: keep this vhost's open connections (one still closing lacks its TLS details)
        List<Object> connections = new JsonArray(rabbitmqctl("list_connections", "vhost", "state", "ssl",
                "peer_cert_subject", "--formatter", "json")).stream()
                .filter(c -> broker.vhost().equals(((JsonObject) c).getString("vhost")))
                .filter(c -> "running".equals(((JsonObject) c).getString("state"))).toList();
        assertThat(connections).hasSizeGreaterThanOrEqualTo(4);   // a consuming and a publishing one each
        connections.forEach(c -> {
            assertThat(((JsonObject) c).getBoolean("ssl")).as(c.toString()).isTrue();
            assertThat(((JsonObject) c).getString("peer_cert_subject")).contains("CN=enoki-test-client");
        });
        assertThat(log()).contains("127.0.0.1:" + tls.port()).doesNotContain(PASSWORD);
    }

    @Test
    void javaKeyStoresServeAsTrustAndClientCertificate() {
        ContainerFactory containers = factoryWith(new JsonObject()
                .put("trust_store", tls.file("trust.p12")).put("trust_store_password", TlsTestListener.KEY_STORE_PASSWORD)
                .put("key_store", tls.file("client.p12")).put("key_store_password", TlsTestListener.KEY_STORE_PASSWORD));
        containers.start(Echo.class);

        assertThat(containers.client().proxy("tls_echo").call("echo", String.class, "pkcs12")).isEqualTo("echo: pkcs12");
        assertThat(log()).doesNotContain(PASSWORD, TlsTestListener.KEY_STORE_PASSWORD);
    }

    @Test
    void withoutAClientCertificateTheBrokerRefusesTheHandshake() {
        assertThat(connectFailure(new JsonObject().put("ca_certs", tls.file("ca.pem"))))
                .isInstanceOf(TlsHandshakeFailed.class)
                .hasMessageContaining("127.0.0.1:" + tls.port())
                .hasMessageContaining("client certificate")
                .message().doesNotContain(PASSWORD);
        assertThat(log()).doesNotContain(PASSWORD);
    }

    @Test
    void anUntrustedBrokerCertificateIsRefusedWithATypedError() {
        assertThat(connectFailure(pemClientCertificate().put("ca_certs", tls.file("other-ca.pem"))))
                .isInstanceOf(TlsHandshakeFailed.class)
                .hasMessageContaining("not trusted")
                .message().doesNotContain(PASSWORD);
        assertThat(log()).doesNotContain(PASSWORD);
    }

    private String log() {
        return logs.events().stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }
}
