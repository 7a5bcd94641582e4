package dev.enoki.demo.broadcast;

import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointWaiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EventBroadcastTest {

    @Test
    void everyListenerInstanceAnswersEachPing() throws Throwable {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer first = factory.start(ListenerService.class);
            ServiceContainer second = factory.start(ListenerService.class);
            try (EntrypointWaiter one = EntrypointWaiter.on(first, "ping");
                 EntrypointWaiter two = EntrypointWaiter.on(second, "ping")) {
                factory.client().dispatch("monitor", "ping", "ping");
                assertThat(one.await(Duration.ofSeconds(10))).isEqualTo("pong");
                assertThat(two.await(Duration.ofSeconds(10))).isEqualTo("pong");
            }
        }
    }
}
