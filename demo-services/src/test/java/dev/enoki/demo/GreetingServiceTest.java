package dev.enoki.demo;

import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.WorkerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GreetingServiceTest {

    @Test
    void helloGreetsByName() {
        assertThat(WorkerFactory.create(GreetingService.class).hello("Matt")).isEqualTo("Hello, Matt!");
    }

    @Test
    void helloAnswersOverRpc() {
        try (ContainerFactory factory = new ContainerFactory()) {
            factory.start(GreetingService.class);
            assertThat(factory.client().proxy("greeting_service").call("hello", String.class, "Matt"))
                    .isEqualTo("Hello, Matt!");
        }
    }
}
