package dev.enoki.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import dev.enoki.ConfigurationError;
import dev.enoki.Dispatcher;
import dev.enoki.EnokiClient;
import dev.enoki.EnokiOptions;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nameko's remaining config keys on the real RabbitMQ: {@code AUTO_DELETE_EVENT_EXCHANGES} makes event exchanges
 * auto-delete, {@code DECLARE_EVENT_EXCHANGES: false} declares none (a dispatch then needs someone else's exchange),
 * {@code LOGIN_METHOD: AMQPLAIN} logs in with AMQPLAIN, and {@code serializer}, {@code ACCEPT} and
 * {@code SERIALIZERS} take JSON only, refusing anything else at start by key and value.
 */
class AmqpConfigKeysTest {
    private static RabbitTestBroker broker;
    private static Vertx vertx;

    @Service("cfg_src")
    public static class Source {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public void fire(String payload) {
            dispatch.dispatch("cfg_event", payload);
        }
    }

    @Service("cfg_sink")
    public static class Sink {
        @EventHandler(source = "cfg_auto", event = "cfg_event")
        public void on(String payload) {
        }
    }

    @Service("cfg_echo")
    public static class Echo {
        @Rpc
        public String echo(String value) {
            return value;
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
        broker.close();
    }

    @Test
    void autoDeleteEventExchangesDeclaresEventExchangesAutoDelete() {
        ServiceContainer sink = new ServiceContainer(Sink.class,
                broker.config().put("AUTO_DELETE_EVENT_EXCHANGES", true));
        await(sink.start(vertx));
        try {
            JsonObject exchange = broker.exchanges().get("cfg_auto.events");
            assertThat(exchange).isNotNull();
            assertThat(exchange.getString("type")).isEqualTo("topic");
            assertThat(exchange.getBoolean("durable")).isTrue();
            assertThat(exchange.getBoolean("auto_delete")).isTrue();
        } finally {
            await(sink.stop());
        }
    }

    @Test
    void withDeclareEventExchangesFalseNoExchangeIsDeclaredAndOneMadeElsewhereIsUsed() throws Exception {
        ServiceContainer source = new ServiceContainer(Source.class,
                broker.config().put("DECLARE_EVENT_EXCHANGES", false));
        await(source.start(vertx));
        try (EnokiClient client = EnokiClient.connect(broker.config())) {
            assertThatThrownBy(() -> client.proxy("cfg_src").call("fire", "lost"))
                    .isInstanceOf(RemoteError.class).hasMessageContaining("NOT_FOUND");
            assertThat(broker.exchanges()).doesNotContainKey("cfg_src.events");

            Channel channel = broker.raw().createChannel();
            channel.exchangeDeclare("cfg_src.events", BuiltinExchangeType.TOPIC, true, false, false, null);
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, "cfg_src.events", "cfg_event");
            client.proxy("cfg_src").call("fire", "kept");

            GetResponse[] got = new GetResponse[1];
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> (got[0] = channel.basicGet(queue, true)) != null);
            assertThat(new String(got[0].getBody(), StandardCharsets.UTF_8)).isEqualTo("\"kept\"");
        } finally {
            await(source.stop());
        }
    }

    @Test
    void amqplainLoginMethodLogsInWithAmqplain() {
        JsonObject config = broker.config().put("LOGIN_METHOD", "AMQPLAIN");
        ServiceContainer echo = new ServiceContainer(Echo.class, config);
        await(echo.start(vertx));
        try (EnokiClient client = EnokiClient.connect(config)) {
            assertThat(client.proxy("cfg_echo").call("echo", "over AMQPLAIN")).isEqualTo("over AMQPLAIN");
            assertThat(broker.loginMechanisms()).contains("AMQPLAIN");
        } finally {
            await(echo.stop());
        }
    }

    @Test
    void amqplainWithAWrongPasswordIsRefusedAsABadLogin() {
        JsonObject config = broker.config().put("LOGIN_METHOD", "amqplain");
        config.put("AMQP_URI", config.getString("AMQP_URI").replace("guest:guest@", "guest:wrong@"));
        ServiceContainer echo = new ServiceContainer(Echo.class, config);

        assertThatThrownBy(() -> await(echo.start(vertx))).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("refused the login");
    }

    @Test
    void loginMethodsOtherThanPlainAmqplainAndExternalAreRefused() {
        assertThat(settings(new JsonObject()).loginMethod()).isEqualTo(LoginMethod.PLAIN);
        assertThat(settings(new JsonObject().put("AMQP_URI", "amqps://localhost").put("LOGIN_METHOD", "EXTERNAL"))
                .loginMethod()).isEqualTo(LoginMethod.EXTERNAL);
        assertThatThrownBy(() -> settings(new JsonObject().put("LOGIN_METHOD", "CRAM-MD5")))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("LOGIN_METHOD 'CRAM-MD5'");
    }

    @Test
    void aSerializerOtherThanJsonIsRefusedAtStartByKeyAndValue() {
        ServiceContainer echo = new ServiceContainer(Echo.class, broker.config().put("serializer", "pickle"));

        assertThatThrownBy(() -> await(echo.start(vertx))).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("serializer 'pickle'");
    }

    @Test
    void acceptAndSerializersTakeJsonContentTypesOnly() {
        JsonObject myJson = new JsonObject().put("encoder", "my.dumps").put("decoder", "my.loads")
                .put("content_type", "application/json").put("content_encoding", "utf-8");
        settings(new JsonObject().put("ACCEPT", new JsonArray().add("json").add("application/json")));
        settings(new JsonObject().put("SERIALIZERS", new JsonObject().put("myjson", myJson))
                .put("serializer", "myjson").put("ACCEPT", new JsonArray().add("myjson")));

        assertThatThrownBy(() -> settings(new JsonObject().put("ACCEPT", new JsonArray().add("json").add("pickle"))))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("ACCEPT 'pickle'");
        assertThatThrownBy(() -> settings(new JsonObject().put("ACCEPT", "application/x-yaml")))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("ACCEPT 'application/x-yaml'");
        JsonObject msgpack = myJson.copy().put("content_type", "application/x-msgpack");
        assertThatThrownBy(() -> settings(new JsonObject().put("SERIALIZERS", new JsonObject().put("mp", msgpack))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("SERIALIZERS 'mp'").hasMessageContaining("application/x-msgpack");
    }

    private static AmqpSettings settings(JsonObject keys) {
        JsonObject config = new JsonObject().put("AMQP_URI", "amqp://localhost").mergeIn(keys);
        return AmqpSettings.from(config, EnokiOptions.fromJson(config));
    }
}
