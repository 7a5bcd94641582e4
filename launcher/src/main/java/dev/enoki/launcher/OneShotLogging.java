package dev.enoki.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command that does one thing and exits ({@code call}) prints its result and nothing about how it got there: its
 * Enoki loggers keep warnings only ("connected to RabbitMQ" would greet every call), unless {@code ENOKI_LOG_LEVEL}
 * asks for a level.
 */
final class OneShotLogging {
    private OneShotLogging() {
    }

    static void quietUnlessAsked() {
        if (System.getenv("ENOKI_LOG_LEVEL") != null) {
            return;
        }
        if (LoggerFactory.getLogger("dev.enoki") instanceof Logger logback) {
            logback.setLevel(Level.WARN);
        }
    }
}
