package dev.enoki.redis;

import dev.enoki.Blocking;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @Redis} against the real Redis at 127.0.0.1:6379, with keys of the test's own. */
class RedisTest {
    private static final String PREFIX = "enoki-test-" + UUID.randomUUID() + ":";
    private ContainerFactory factory;

    @Service("visits")
    public static class VisitsService {
        @Redis
        RedisAPI redis;

        @Rpc
        public long visit(String page) {
            return Blocking.await(redis.incr(PREFIX + page)).toLong();
        }

        @Rpc
        public void forget(String page) {
            Blocking.await(redis.del(List.of(PREFIX + page)));
        }
    }

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
    }

    @Test
    void workersShareTheContainersRedisForCounters() {
        factory = new ContainerFactory();
        ServiceContainer container = factory.start(VisitsService.class);

        assertThat(EntrypointHook.call(container, "visit", "home")).isEqualTo(1L);
        assertThat(EntrypointHook.call(container, "visit", "home")).isEqualTo(2L);
        EntrypointHook.call(container, "forget", "home");
        assertThat(EntrypointHook.call(container, "visit", "home")).isEqualTo(1L);
        EntrypointHook.call(container, "forget", "home");
    }

    @Test
    void unreachableRedisFailsTheStartWithoutItsPassword() {
        factory = new ContainerFactory(new JsonObject().put("redis",
                new JsonObject().put("url", "redis://:never-logged@127.0.0.1:1")));

        assertThatThrownBy(() -> factory.start(VisitsService.class))
                .hasMessageContaining("cannot reach Redis at redis://127.0.0.1:1")
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain("never-logged"));
    }
}
