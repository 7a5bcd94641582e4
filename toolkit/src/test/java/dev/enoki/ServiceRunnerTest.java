package dev.enoki;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.enoki.testing.Futures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    /** Another class under service_a's name. */
    @Service("service_a")
    public static class AnotherServiceA {
        @Rpc
        public String greet(String name) {
            return "another:" + name;
        }
    }

    /** A service nothing can reach. */
    @Service("unreachable")
    public static class Unreachable {
        public String greet(String name) {
            return name;
        }
    }

    @Test
    void twoClassesWithOneServiceNameAreRefused() {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceA.class);
        assertThatThrownBy(() -> runner.addService(ServiceA.class))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("service_a");
        assertThatThrownBy(() -> runner.addService(AnotherServiceA.class)).isInstanceOf(ConfigurationError.class)
                .hasMessage("two classes are named service 'service_a': " + ServiceA.class.getName() + " and "
                        + AnotherServiceA.class.getName() + "; rename one in its @Service");
    }

    @Test
    void aServiceWithoutEntrypointsStartsWithOneWarning() {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logged.start();
        root.addAppender(logged);
        try {
            for (int i = 0; i < 2; i++) {
                ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(Unreachable.class);
                Futures.await(runner.start(), Duration.ofSeconds(10));
                Futures.await(runner.stop(), Duration.ofSeconds(10));
            }
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage))
                .singleElement().asString().contains(Unreachable.class.getName(), "has no entrypoint", "@Rpc");
    }
}
