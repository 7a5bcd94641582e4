package dev.enoki.demo.runner;

import dev.enoki.ServiceContainer;
import dev.enoki.ServiceRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRunnerExampleTest {

    @Test
    void theRunnerStartsAndStopsBothServicesAndFindsTheirContainers() {
        ServiceRunner runner = ServiceRunnerExample.runner();
        ServiceContainer containerA = runner.container(ServiceRunnerExample.ServiceA.class);
        runner.start().await();
        try {
            assertThat(runner.serviceNames()).containsExactly("service_a", "service_b");
            assertThat(containerA.isRunning()).isTrue();
        } finally {
            runner.stop().await();
        }
        assertThat(containerA.isRunning()).isFalse();
    }
}
