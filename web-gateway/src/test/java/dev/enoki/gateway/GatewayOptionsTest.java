package dev.enoki.gateway;

import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayOptionsTest {

    @Test
    void numbersAndDurationsAreReadWrittenAsNumbersOrAsText() {
        GatewayOptions options = GatewayOptions.fromJson(new JsonObject().put("port", "8081").put("instances", 3)
                .put("timeout", "5s").put("rate_limit", new JsonObject().put("per_second", "2.5")));

        assertThat(options.port()).isEqualTo(8081);
        assertThat(options.instances()).isEqualTo(3);
        assertThat(options.timeoutFor("any", "call")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aValueOfTheWrongTypeIsAConfigurationErrorNamingItsKey() {
        assertThatThrownBy(() -> GatewayOptions.fromJson(new JsonObject().put("port", "x")))
                .isInstanceOf(ConfigurationError.class).hasMessage("gateway.port must be a whole number, not 'x'");
        assertThatThrownBy(() -> GatewayOptions.fromJson(new JsonObject()
                .put("rate_limit", new JsonObject().put("burst", "lots"))))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("gateway.rate_limit.burst must be a whole number, not 'lots'");
        assertThatThrownBy(() -> GatewayOptions.fromJson(new JsonObject().put("timeout", "soon")))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("gateway.timeout: ");
        assertThatThrownBy(() -> GatewayOptions.fromJson(new JsonObject().put("cors", "everyone")))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("gateway: a value of the wrong type");
    }
}
