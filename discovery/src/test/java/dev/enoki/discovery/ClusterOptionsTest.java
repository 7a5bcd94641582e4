package dev.enoki.discovery;

import dev.enoki.ConfigurationError;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterOptionsTest {

    @Test
    void publicPortAloneIsAdvertisedOnTheBoundHost() {
        ClusterOptions options = ClusterOptions.fromConfig(config(new JsonObject().put("public_port", 15701)), Map.of());

        assertThat(options.publicAddress()).isEqualTo("127.0.0.1:15701");
        assertThat(ClusteredVertx.hazelcastConfig(options).getNetworkConfig().getPublicAddress())
                .isEqualTo("127.0.0.1:15701");
    }

    @Test
    void publicHostAndPortFromTheEnvironmentMakeTheAddress() {
        ClusterOptions options = ClusterOptions.fromConfig(new JsonObject(),
                Map.of("ENOKI_CLUSTER_PUBLIC_HOST", "10.1.2.3", "ENOKI_CLUSTER_PUBLIC_PORT", "30701"));

        assertThat(options.publicAddress()).isEqualTo("10.1.2.3:30701");
    }

    @Test
    void withoutPublicSettingsHazelcastChoosesTheAddress() {
        ClusterOptions options = ClusterOptions.fromConfig(new JsonObject(), Map.of());

        assertThat(options.publicAddress()).isNull();
        assertThat(ClusteredVertx.hazelcastConfig(options).getNetworkConfig().getPublicAddress()).isNull();
    }

    @Test
    void publicPortWithNoHostToPairItWithIsAConfigurationError() {
        ClusterOptions options = ClusterOptions.fromConfig(config(new JsonObject()
                .put("members", "10.0.0.1:5701,10.0.0.2:5701").put("public_port", 30701)), Map.of());

        assertThatThrownBy(options::publicAddress).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("cluster.public_port");
    }

    @Test
    void eventBusConnectionsArePingedEveryFiveSecondsByDefaultAndAnsweredWithinAsLong() {
        EventBusOptions eventBus = ClusteredVertx.eventBusOptions(
                ClusterOptions.fromConfig(new JsonObject(), Map.of()), new VertxOptions());

        assertThat(eventBus.getClusterPingInterval()).isEqualTo(5_000);
        assertThat(eventBus.getClusterPingReplyInterval()).isEqualTo(5_000);
    }

    @Test
    void eventBusPingIntervalIsReadFromConfigBeforeTheEnvironment() {
        ClusterOptions options = ClusterOptions.fromConfig(config(new JsonObject().put("eventbus_ping_interval", "750ms")),
                Map.of("ENOKI_EVENTBUS_PING_INTERVAL", "30s"));
        EventBusOptions eventBus = ClusteredVertx.eventBusOptions(options, new VertxOptions());

        assertThat(options.eventBusPingInterval()).isEqualTo(Duration.ofMillis(750));
        assertThat(eventBus.getClusterPingInterval()).isEqualTo(750);
        assertThat(eventBus.getClusterPingReplyInterval()).isEqualTo(750);
    }

    @Test
    void aZeroPingIntervalIsRefused() {
        assertThatThrownBy(() -> ClusterOptions.fromConfig(config(new JsonObject().put("eventbus_ping_interval", "0s")),
                Map.of())).isInstanceOf(ConfigurationError.class).hasMessageContaining("eventbus_ping_interval");
    }

    private static JsonObject config(JsonObject cluster) {
        return new JsonObject().put("cluster", cluster);
    }
}
