package dev.enoki.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT as {@code nameko run} treats them: the first stops gracefully (the containers drain within
 * their {@code shutdown_timeout}, then the JVM exits and its shutdown hooks close Vert.x), the second kills at once.
 */
final class Signals {
    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static void install(Runnable graceful, Runnable kill) {
        AtomicInteger received = new AtomicInteger();
        sun.misc.SignalHandler handler = signal -> {
            if (received.incrementAndGet() == 1) {
                Thread stopper = new Thread(graceful, "enoki-graceful-stop");
                stopper.start();
            } else {
                kill.run();
            }
        };
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), handler);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Signals reserved by the JVM (e.g. under -Xrs) keep their default: shutdown hooks, graceful only.
                log.debug("cannot handle SIG{}: {}", name, e.getMessage());
            }
        }
    }
}
