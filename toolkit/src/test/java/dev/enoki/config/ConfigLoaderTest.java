package dev.enoki.config;

import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String YAML = """
            AMQP_URI: amqp://${RABBIT_USER:guest}:${RABBIT_PASSWORD:guest}@${RABBIT_HOST:localhost}
            max_workers: ${WORKERS:5}
            hosts: ${HOSTS:[a, b]}
            orders:
              max_items: 12
              region: ${REGION:${DEFAULT_REGION:eu}}
            plain: text
            """;

    @Test
    void variablesAreReplacedFromTheEnvironmentOrTheirDefaults() {
        JsonObject config = ConfigLoader.parse(YAML, Map.of("RABBIT_HOST", "broker", "RABBIT_PASSWORD", "s3cret"));
        assertThat(config.getString("AMQP_URI")).isEqualTo("amqp://guest:s3cret@broker");
        assertThat(config.getString("plain")).isEqualTo("text");
    }

    @Test
    void substitutedValuesAreReadAgainAsYaml() {
        JsonObject config = ConfigLoader.parse(YAML, Map.of("WORKERS", "7"));
        assertThat(config.getValue("max_workers")).isEqualTo(7);
        assertThat(config.getJsonArray("hosts")).isEqualTo(new JsonArray().add("a").add("b"));
        assertThat(config.getJsonObject("orders").getInteger("max_items")).isEqualTo(12);
    }

    @Test
    void defaultsMayNest() {
        assertThat(ConfigLoader.parse(YAML, Map.of()).getJsonObject("orders").getString("region")).isEqualTo("eu");
        assertThat(ConfigLoader.parse(YAML, Map.of("DEFAULT_REGION", "us")).getJsonObject("orders").getString("region"))
                .isEqualTo("us");
        assertThat(ConfigLoader.parse(YAML, Map.of("REGION", "ap")).getJsonObject("orders").getString("region"))
                .isEqualTo("ap");
    }

    @Test
    void jsonIsYamlToo() {
        assertThat(ConfigLoader.parse("{\"max_workers\": 3}", Map.of()).getInteger("max_workers")).isEqualTo(3);
    }

    @Test
    void brokenFilesAreAConfigurationError() {
        assertThatThrownBy(() -> ConfigLoader.parse("a: [unclosed", Map.of())).isInstanceOf(ConfigurationError.class);
        assertThatThrownBy(() -> ConfigLoader.parse("- just\n- a list", Map.of())).isInstanceOf(ConfigurationError.class);
    }
}
