package dev.enoki;

import dev.enoki.testsupport.ChildJvm;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code tracing}: off unless the config or {@code ENOKI_TRACING} turns it on. */
class TracingOptionTest {

    /** Prints the tracing option of an empty config, as a process with this environment reads it. */
    public static final class PrintTracing {
        public static void main(String[] args) {
            System.out.println("tracing=" + EnokiOptions.fromJson(new JsonObject()).tracing());
        }
    }

    @Test
    void tracingIsOffByDefaultAndTurnedOnByConfigWrittenAsYamlOrText() {
        assertThat(new EnokiOptions().tracing()).isFalse();
        assertThat(EnokiOptions.fromJson(new JsonObject().put("tracing", true)).tracing()).isTrue();
        assertThat(EnokiOptions.fromJson(new JsonObject().put("tracing", "TRUE")).tracing()).isTrue();
        assertThat(EnokiOptions.fromJson(new JsonObject().put("tracing", "false")).tracing()).isFalse();
        assertThat(EnokiOptions.fromJson(new EnokiOptions().setTracing(true).toJson()).tracing()).isTrue();
    }

    @Test
    void aValueThatIsNotAFlagIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> EnokiOptions.fromJson(new JsonObject().put("tracing", "yes please")))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("tracing");
    }

    @Test
    void theEnvironmentTurnsItOnWhenTheConfigSaysNothing() {
        try (ChildJvm child = ChildJvm.java("tracing-env")
                .args("-cp", System.getProperty("java.class.path"), PrintTracing.class.getName())
                .env(Map.of(EnokiOptions.TRACING_ENV, "true"))
                .start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(child.stdout()).contains("tracing=true");
        }
    }
}
