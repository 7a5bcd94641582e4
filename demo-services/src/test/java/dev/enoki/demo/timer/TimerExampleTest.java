package dev.enoki.demo.timer;

import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointWaiter;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TimerExampleTest {

    @Test
    void pingFiresEverySecond() throws Throwable {
        try (ContainerFactory factory = new ContainerFactory()) {
            ServiceContainer container = factory.create(TimerService.class);
            try (EntrypointWaiter waiter = EntrypointWaiter.on(container, "ping")) {
                factory.start(container);
                assertThat(waiter.await(Duration.ofSeconds(10))).isEqualTo("pong");
            }
        }
    }
}
