package dev.enoki.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for a command that only calls and looks: its user reads a result, not a cluster manager's state, so
 * Hazelcast says only what failed (its warnings are about the nodes, which log them), and Vert.x does not log a
 * failed join that the command reports itself, in one line, nor a message that came as the command was leaving.
 */
final class ClientLogging {
    private ClientLogging() {
    }

    static void quietClusterManager() {
        level("com.hazelcast", Level.ERROR);
        level("io.vertx.core.impl.VertxImpl", Level.OFF);
        // A member's heartbeat that reaches the command as it leaves is dropped, as it should be, with a WARN
        level("io.vertx.core.eventbus.impl.MessageConsumerImpl", Level.ERROR);
    }

    private static void level(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
