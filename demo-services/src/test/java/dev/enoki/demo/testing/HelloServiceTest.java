package dev.enoki.demo.testing;

import dev.enoki.ServiceContainer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Nameko's entrypoint_hook example: the same method, fired with a different language in its context data. */
class HelloServiceTest {
    private static ContainerFactory factory;
    private static ServiceContainer container;

    @BeforeAll
    static void start() {
        factory = new ContainerFactory();
        container = factory.start(HelloService.class);
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @ParameterizedTest
    @CsvSource({"en, Hello", "fr, Bonjour", "de, Gutentag"})
    void helloGreetsInTheLanguageOfTheContext(String language, String greeting) {
        Object result = EntrypointHook.callWithContext(container, "hello", Map.of("language", language), "Matt");
        assertThat(result).isEqualTo(greeting + ", Matt!");
    }
}
