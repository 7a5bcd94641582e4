package dev.enoki;

import dev.enoki.testing.Futures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceRunnerTest {

    @Service("service_a")
    public static class ServiceA {
        @RpcProxy("service_b")
        ServiceProxy b;

        @Rpc
        public String greet(String name) {
            return "a:" + b.call("greet", String.class, name);
        }
    }

    @Service("service_b")
    public static class ServiceB {
        @Rpc
        public String greet(String name) {
            return "b:" + name;
        }
    }

    @Test
    void runnerStartsTwoServicesThatCallEachOther() {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceA.class).addService(ServiceB.class);
        Futures.await(runner.start(), Duration.ofSeconds(10));
        try {
            assertThat(runner.serviceNames()).containsExactly("service_a", "service_b");
            assertThat(runner.container(ServiceA.class).serviceName()).isEqualTo("service_a");
            assertThat(runner.container(ServiceA.class).isRunning()).isTrue();
            try (EnokiClient client = Futures.await(EnokiClient.connect(runner.vertx(), new JsonObject()))) {
                assertThat(client.proxy("service_a").call("greet", String.class, "Matt")).isEqualTo("a:b:Matt");
            }
        } finally {
            Futures.await(runner.stop(), Duration.ofSeconds(10));
        }
        assertThat(runner.container(ServiceB.class).isRunning()).isFalse();
    }

    @Test
    void twoClassesWithOneServiceNameAreRefused() {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceA.class);
        assertThatThrownBy(() -> runner.addService(ServiceA.class))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("service_a");
    }
}
