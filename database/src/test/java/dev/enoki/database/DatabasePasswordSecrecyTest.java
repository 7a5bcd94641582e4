package dev.enoki.database;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The database password, in its key or in the URL, appears in no log line, at any level, of a start and a call. */
class DatabasePasswordSecrecyTest {

    @Test
    void passwordIsInNoLogLineEvenAtDebug() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        root.addAppender(captured);
        Map<Logger, Level> before = new HashMap<>();
        for (String name : List.of(org.slf4j.Logger.ROOT_LOGGER_NAME, "com.zaxxer.hikari", "org.flywaydb", "dev.enoki")) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            before.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        try (TestDatabase database = TestDatabase.of("postgresql")) {
            JsonObject section = database.section().put("password", password);
            section.put("url", section.getString("url") + "&password=" + password);
            try (ContainerFactory factory = new ContainerFactory(new JsonObject().put("database", section))) {
                assertThat(EntrypointHook.call(factory.start(EntriesService.class), "add", "a")).isEqualTo(1);
            }
        } finally {
            root.detachAppender(captured);
            before.forEach(Logger::setLevel);
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : captured.list) {
            lines.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).as("log lines").anyMatch(line -> line != null && line.contains("jdbcUrl"))
                .noneMatch(line -> line != null && line.contains(password));
    }
}
