package dev.enoki.demo.sensitive;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.enoki.RemoteError;
import dev.enoki.testing.ContainerFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SensitiveArgumentsServiceTest {

    @Test
    void aFailedLoginIsLoggedAsAWarningWithThePasswordMasked() {
        Logger workerLog = (Logger) LoggerFactory.getLogger("dev.enoki.Worker");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        workerLog.addAppender(logs);
        try (ContainerFactory factory = new ContainerFactory()) {
            factory.start(SensitiveArgumentsService.class);
            assertThatThrownBy(() -> factory.client().proxy("sensitive_service").call("login", "matt", "hunter2"))
                    .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("Unauthenticated"));
        } finally {
            workerLog.detachAppender(logs);
        }
        assertThat(logs.list).anySatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("login(").contains("matt").contains("********")
                    .doesNotContain("hunter2");
        });
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains("hunter2"));
    }
}
