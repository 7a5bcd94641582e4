package dev.enoki.reliability;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The fault suite's rolling kill: every 2 s one node of {@code nodes}, round robin, is killed with {@code kill -9}
 * and a new one started in its place at once (named {@code <prefix>-<slot>-r<kill>}), until {@code done} holds or 20
 * nodes were killed.
 */
final class RollingKills {
    private static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_KILLS = 20;

    private RollingKills() {
    }

    /** Returns how many nodes were killed; {@code nodes} then holds the ones running. */
    static int run(List<NodeProcess> nodes, String prefix, Function<String, NodeProcess> start, BooleanSupplier done,
                   long pollMillis) throws InterruptedException {
        int kills = 0;
        long next = System.nanoTime() + EVERY_NANOS;
        while (!done.getAsBoolean() && kills < MAX_KILLS) {
            Thread.sleep(pollMillis);
            if (System.nanoTime() >= next) {
                int victim = kills % nodes.size();
                nodes.get(victim).kill();
                nodes.set(victim, start.apply(prefix + "-" + victim + "-r" + (++kills)));
                next = System.nanoTime() + EVERY_NANOS;
            }
        }
        return kills;
    }
}
