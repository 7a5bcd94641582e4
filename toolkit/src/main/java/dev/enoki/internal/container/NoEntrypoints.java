package dev.enoki.internal.container;

import dev.enoki.Entrypoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A service with no entrypoint starts and runs, yet nothing can ever reach it: most often an annotation was left out
 * or is not Enoki's. The service is told so once when it starts.
 */
public final class NoEntrypoints {
    private static final Logger log = LoggerFactory.getLogger(NoEntrypoints.class);

    /** Whether a class was warned about; a ClassValue, so that it keeps no class loader alive. */
    private static final ClassValue<AtomicBoolean> WARNED = new ClassValue<>() {
        @Override
        protected AtomicBoolean computeValue(Class<?> type) {
            return new AtomicBoolean();
        }
    };

    private NoEntrypoints() {
    }

    /** Logs a warning, once per service class, when it has no entrypoint. */
    public static void warnOnce(Class<?> serviceClass, List<Entrypoint> entrypoints) {
        if (!entrypoints.isEmpty() || !WARNED.get(serviceClass).compareAndSet(false, true)) {
            return;
        }
        log.warn("{} has no entrypoint, so nothing can call it or send it work: annotate its public methods with "
                + "@Rpc, @EventHandler, @Timer or @Http (dev.enoki)", serviceClass.getName());
    }
}
