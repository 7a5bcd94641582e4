package dev.enoki.internal.amqp;

import dev.enoki.ConfigurationError;
import dev.enoki.EnokiClient;
import dev.enoki.EnokiOptions;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testsupport.RabbitNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code LOGIN_METHOD: EXTERNAL} on a RabbitMQ node of the test's own whose only login method is EXTERNAL
 * ({@code rabbitmq_auth_mechanism_ssl}): over TLS with a client certificate and no password anywhere, a service and a
 * client connect as the user named after the certificate's common name and call each other; without EXTERNAL the
 * broker's refusal is a {@link ConfigurationError} saying what to set; EXTERNAL without TLS is refused at startup.
 */
class AmqpExternalLoginTest {
    private static Path certificatesDir;
    private static TestCertificates certificates;
    private static RabbitNode node;
    private static final Vertx vertx = Vertx.vertx();

    @Service("ext_echo")
    public static class Echo {
        @Rpc
        public String echo(String text) {
            return "echo: " + text;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        certificatesDir = Files.createTempDirectory("enoki-external-");
        certificates = TestCertificates.makeIn(certificatesDir);
        node = RabbitNode.start("external", n -> String.join("\n",
                "listeners.ssl.default = " + RabbitNode.HOST + ":" + n.tlsPort(),
                "ssl_options.cacertfile = " + certificates.file("ca.pem"),
                "ssl_options.certfile = " + certificates.file("server.pem"),
                "ssl_options.keyfile = " + certificates.file("server.key"),
                "ssl_options.verify = verify_peer",
                "ssl_options.fail_if_no_peer_cert = true",
                "ssl_cert_login_from = common_name",
                "auth_mechanisms.1 = EXTERNAL"), List.of("rabbitmq_auth_mechanism_ssl"));
        // The password is never used: EXTERNAL takes the certificate's word for the user.
        node.rabbitmqctl("add_user", TestCertificates.CLIENT_NAME, UUID.randomUUID().toString());
        node.rabbitmqctl("set_permissions", TestCertificates.CLIENT_NAME, ".*", ".*", ".*");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            await(vertx.close());
            if (node != null) {
                node.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(certificatesDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** amqps:// with no user or password, the client certificate in AMQP_SSL. */
    private static JsonObject config() {
        return new JsonObject()
                .put("AMQP_URI", "amqps://" + RabbitNode.HOST + ":" + node.tlsPort())
                .put("AMQP_SSL", new JsonObject().put("ca_certs", certificates.file("ca.pem"))
                        .put("certfile", certificates.file("client.pem"))
                        .put("keyfile", certificates.file("client.key")))
                .put("amqp_management_url", "off");
    }

    @Test
    void aServiceAndAClientLogInWithTheirCertificateAndCallEachOther() {
        JsonObject config = config().put("LOGIN_METHOD", "EXTERNAL");
        ServiceContainer echo = new ServiceContainer(Echo.class, config);
        await(echo.start(vertx));
        try (EnokiClient client = EnokiClient.connect(config)) {
            assertThat(client.proxy("ext_echo").call("echo", String.class, "no password"))
                    .isEqualTo("echo: no password");

            JsonArray connections = new JsonArray(node.rabbitmqctl("list_connections", "user", "auth_mechanism", "ssl",
                    "--formatter", "json"));
            assertThat(connections).hasSizeGreaterThanOrEqualTo(4).allSatisfy(c -> {
                JsonObject connection = (JsonObject) c;
                assertThat(connection.getString("user")).isEqualTo(TestCertificates.CLIENT_NAME);
                assertThat(connection.getString("auth_mechanism")).isEqualTo("EXTERNAL");
                assertThat(connection.getBoolean("ssl")).isTrue();
            });
        } finally {
            await(echo.stop());
        }
    }

    @Test
    void withoutExternalTheBrokersRefusalSaysWhichLoginMethodsItTakes() {
        Throwable failure = catchThrowable(() -> await(EnokiClient.connect(vertx, config())));

        assertThat(failure).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("EXTERNAL")
                .hasMessageContaining("LOGIN_METHOD");
    }

    @Test
    void externalWithoutTlsIsRefusedAtStartup() {
        JsonObject config = new JsonObject().put("AMQP_URI", "amqp://127.0.0.1:5672").put("LOGIN_METHOD", "external");

        assertThatThrownBy(() -> AmqpSettings.from(config, EnokiOptions.fromJson(config)))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("LOGIN_METHOD EXTERNAL needs TLS");
    }
}
