package dev.enoki.demo.container;

import dev.enoki.Entrypoint;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceContainerExampleTest {

    @Test
    void theContainerDeclaresTwoEntrypointsAndStartsAndStops() {
        Vertx vertx = Vertx.vertx();
        try {
            ServiceContainerExample.Extensions extensions = ServiceContainerExample.run(vertx);
            assertThat(extensions.declared()).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(Entrypoint.class));
            assertThat(extensions.running()).hasSizeGreaterThanOrEqualTo(2);
        } finally {
            vertx.close().await();
        }
    }
}
