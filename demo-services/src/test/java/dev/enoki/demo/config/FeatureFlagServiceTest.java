package dev.enoki.demo.config;

import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeatureFlagServiceTest {

    @Test
    void fooAnswersWhenTheFlagIsOn() {
        try (ContainerFactory factory = new ContainerFactory(new JsonObject().put("FOO_FEATURE_ENABLED", true))) {
            factory.start(FeatureFlagService.class);
            assertThat(factory.client().proxy("test_config").call("foo", String.class)).isEqualTo("foo");
        }
    }

    @Test
    void fooIsRefusedWhenTheFlagIsOffOrMissing() {
        try (ContainerFactory factory = new ContainerFactory()) {
            factory.start(FeatureFlagService.class);
            ServiceProxy proxy = factory.client().proxy("test_config");
            assertThatThrownBy(() -> proxy.call("foo")).isInstanceOf(RemoteError.class)
                    .satisfies(e -> assertThat(((RemoteError) e).excType()).isEqualTo("FeatureNotEnabled"));
        }
    }
}
