package dev.enoki;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnokiOptionsTest {

    private static EnokiOptions read(String key, Object value) {
        return EnokiOptions.fromJson(new JsonObject().put(key, value));
    }

    private static void refused(String key, Object value, String message) {
        assertThatThrownBy(() -> read(key, value)).as(key + ": " + value)
                .isInstanceOf(ConfigurationError.class).hasMessageContaining(message);
    }

    @Test
    void anEmptyConfigGivesEveryDefault() {
        EnokiOptions o = EnokiOptions.fromJson(new JsonObject());
        assertThat(o.rpcTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.maxMessageSize()).isEqualTo(8 * 1024 * 1024);
        assertThat(o.maxWorkers()).isEqualTo(10);
        assertThat(o.workerQueueSize()).isEqualTo(1000);
        assertThat(o.parentCallsTracked()).isEqualTo(10);
        assertThat(o.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.requeueDelay()).isEqualTo(Duration.ofMillis(200));
        assertThat(o.rpcLoadBalancing()).isEqualTo("round_robin");
        assertThat(o.webServerAddress()).isEqualTo("0.0.0.0:8000");
        assertThat(o.webServerBodyLimit()).isEqualTo(1024 * 1024);
        assertThat(o.webServerShutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.webServerAdvertisedAddress()).isNull();
    }

    @Test
    void eachKeyIsReadAsItIsWritten() {
        assertThat(read("rpc_timeout", "5s").rpcTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(read("rpc_timeout", 1.5).rpcTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(read("max_message_size", 1024).maxMessageSize()).isEqualTo(1024);
        assertThat(read("max_workers", "4").maxWorkers()).isEqualTo(4);
        assertThat(read("worker_queue_size", 0).workerQueueSize()).isZero();
        assertThat(read("parent_calls_tracked", 1).parentCallsTracked()).isEqualTo(1);
        assertThat(read("shutdown_timeout", "2m").shutdownTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(read("requeue_delay", "0ms").requeueDelay()).isZero();
        assertThat(read("rpc_load_balancing", "LEAST-OUTSTANDING").rpcLoadBalancing()).isEqualTo("least_outstanding");
        assertThat(read("WEB_SERVER_ADDRESS", 8080).webServerAddress()).isEqualTo("0.0.0.0:8080");
        assertThat(read("WEB_SERVER_ADDRESS", "127.0.0.1:0").webServerAddress()).isEqualTo("127.0.0.1:0");
        assertThat(read("WEB_SERVER_BODY_LIMIT", 4096).webServerBodyLimit()).isEqualTo(4096);
        assertThat(read("WEB_SERVER_SHUTDOWN_MILLIS", 3000).webServerShutdownGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(read("WEB_SERVER_ADVERTISED_ADDRESS", " ").webServerAdvertisedAddress()).isNull();
        assertThat(read("WEB_SERVER_ADVERTISED_ADDRESS", "shop:80").webServerAdvertisedAddress()).isEqualTo("shop:80");
    }

    @Test
    void eachBadValueIsAConfigurationErrorNamingItsKey() {
        refused("max_workers", 0, "max_workers must be at least 1, not 0");
        refused("max_workers", "many", "max_workers must be a whole number, not 'many'");
        refused("max_workers", 3_000_000_000L, "max_workers must be at most 2147483647");
        refused("worker_queue_size", -1, "worker_queue_size must be at least 0, not -1");
        refused("parent_calls_tracked", -1, "parent_calls_tracked must be at least 0, not -1");
        refused("shutdown_timeout", 0, "shutdown_timeout must be positive, not PT0S");
        refused("shutdown_timeout", "soon", "shutdown_timeout: not a duration: 'soon'");
        refused("rpc_timeout", "-1", "rpc_timeout: not a duration");
        refused("rpc_timeout", 0, "rpc_timeout must be positive");
        refused("requeue_delay", -1, "requeue_delay must not be negative");
        refused("max_message_size", 0, "max_message_size must be between 1 and 2147483647");
        refused("max_message_size", 3_000_000_000L, "max_message_size must be between 1 and 2147483647");
        refused("rpc_load_balancing", "random",
                "rpc_load_balancing must be round_robin or least_outstanding, not random");
        refused("WEB_SERVER_ADDRESS", "localhost:http", "WEB_SERVER_ADDRESS must be [host:]port, not 'localhost:http'");
        refused("WEB_SERVER_BODY_LIMIT", "big", "WEB_SERVER_BODY_LIMIT must be a whole number, not 'big'");
        refused("WEB_SERVER_SHUTDOWN_MILLIS", -1, "WEB_SERVER_SHUTDOWN_MILLIS must not be negative, not -1");
    }

    @Test
    void settersCheckAsFromJsonDoes() {
        assertThatThrownBy(() -> new EnokiOptions().setMaxWorkers(0)).isInstanceOf(ConfigurationError.class)
                .hasMessage("max_workers must be at least 1, not 0");
        assertThatThrownBy(() -> new EnokiOptions().setShutdownTimeout(Duration.ZERO))
                .isInstanceOf(ConfigurationError.class).hasMessage("shutdown_timeout must be positive, not PT0S");
    }

    @Test
    void toJsonReadsBackAsTheSameSettings() {
        EnokiOptions defaults = new EnokiOptions();
        assertThat(EnokiOptions.fromJson(defaults.toJson()).toJson()).isEqualTo(defaults.toJson());

        EnokiOptions set = new EnokiOptions().setRpcTimeout(Duration.ofMillis(1500)).setMaxMessageSize(4096)
                .setMaxWorkers(3).setWorkerQueueSize(0).setParentCallsTracked(2)
                .setShutdownTimeout(Duration.ofMinutes(2)).setRequeueDelay(Duration.ZERO)
                .setRpcLoadBalancing("least_outstanding").setWebServerAddress("127.0.0.1:0")
                .setWebServerBodyLimit(10).setWebServerShutdownGrace(Duration.ofMillis(250))
                .setWebServerAdvertisedAddress("shop:80");
        JsonObject json = set.toJson();
        assertThat(json.getString("rpc_timeout")).isEqualTo("1500ms");
        EnokiOptions back = EnokiOptions.fromJson(json);
        assertThat(back.toJson()).isEqualTo(json);
        assertThat(back.rpcTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(back.webServerShutdownGrace()).isEqualTo(Duration.ofMillis(250));
        assertThat(back.webServerAdvertisedAddress()).isEqualTo("shop:80");
    }

    @Test
    void keysItDoesNotKnowAreLeftAlone() {
        EnokiOptions o = EnokiOptions.fromJson(new JsonObject().put("AMQP_URI", "amqp://x").put("greeting", "hi"));
        assertThat(o.toJson().containsKey("AMQP_URI")).isFalse();
        assertThat(o.toJson().containsKey("greeting")).isFalse();
    }

    @Test
    void aContainerReadsItsOptionsOnceFromItsConfig() {
        ServiceContainer container = new ServiceContainer(Greeter.class, new JsonObject().put("max_workers", 3));
        assertThat(container.options().maxWorkers()).isEqualTo(3);
        assertThat(container.maxWorkers()).isEqualTo(3);
        assertThatThrownBy(() -> new ServiceContainer(Greeter.class, new JsonObject().put("max_workers", 0)))
                .isInstanceOf(ConfigurationError.class).hasMessage("max_workers must be at least 1, not 0");
    }

    @Service("greeter")
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "hi " + name;
        }
    }
}
