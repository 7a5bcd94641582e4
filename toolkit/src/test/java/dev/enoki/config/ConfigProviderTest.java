package dev.enoki.config;

import dev.enoki.Config;
import dev.enoki.ConfigurationError;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import dev.enoki.testing.Futures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigProviderTest {
    private final ContainerFactory factory = new ContainerFactory(new JsonObject()
            .put("orders", new JsonObject().put("max_items", 12).put("regions", List.of("eu", "us")))
            .put("FEATURE_FLAG", true));

    @AfterEach
    void close() {
        factory.close();
    }

    public record Orders(int max_items, List<String> regions) {
    }

    @Service("configured")
    public static class Configured {
        @Config("orders.max_items")
        int maxItems;

        @Config("orders")
        Orders orders;

        @Config("FEATURE_FLAG")
        boolean flag;

        @Config("not.there")
        Optional<String> absent;

        @Config
        Map<String, Object> all;

        @Rpc
        public List<Object> show() {
            return List.of(maxItems, orders.regions(), flag, absent.isPresent(), all.containsKey("orders"));
        }
    }

    @Service("misconfigured")
    public static class Misconfigured {
        @Config("missing.key")
        String value;

        @Rpc
        public String show() {
            return value;
        }
    }

    @Test
    void configValuesBindToTheFieldTypes() {
        ServiceContainer container = factory.start(Configured.class);
        assertThat(EntrypointHook.call(container, "show")).isEqualTo(List.of(12, List.of("eu", "us"), true, false, true));
    }

    @Test
    void aMissingKeyFailsTheStart() {
        ServiceContainer container = factory.create(Misconfigured.class);
        assertThatThrownBy(() -> Futures.await(container.start(factory.vertx())))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("missing.key");
    }
}
