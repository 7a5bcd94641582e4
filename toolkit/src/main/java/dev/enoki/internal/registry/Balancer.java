package dev.enoki.internal.registry;

import dev.enoki.ConfigurationError;
import dev.enoki.registry.ServiceRecord;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses which instance of a service takes the next call, among the registry's records that carry an
 * {@link ServiceRecord#address() address} on the caller's transport. Round robin by default; least-outstanding sends
 * each call to the instance with the fewest calls of this caller still unanswered. An instance found unreachable is
 * skipped for a while, until the registry drops it or it answers again.
 *
 * <p>Config key {@code rpc_load_balancing}: {@code round_robin} (default) or {@code least_outstanding}.
 */
public final class Balancer {

    public enum Strategy {
        ROUND_ROBIN, LEAST_OUTSTANDING;

        public static Strategy fromConfig(Object value) {
            if (value == null) {
                return ROUND_ROBIN;
            }
            try {
                return valueOf(value.toString().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new ConfigurationError("rpc_load_balancing must be round_robin or least_outstanding, not "
                        + value);
            }
        }
    }

    private final Strategy strategy;
    private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Map<String, Integer> outstanding = new ConcurrentHashMap<>();
    private final Map<String, Long> suspectUntil = new ConcurrentHashMap<>();

    public Balancer(Strategy strategy) {
        this.strategy = strategy;
    }

    public Strategy strategy() {
        return strategy;
    }

    /**
     * The address of the instance to call next, or null when no record offers one on {@code transport} (the caller
     * then uses the service's shared address). With least-outstanding, every address returned must be given back to
     * {@link #finished(String)} once its call completes.
     */
    public String pick(String service, List<ServiceRecord> instances, String transport) {
        if (instances.size() == 1 && strategy == Strategy.ROUND_ROBIN) {
            // One instance, the common case: nothing to choose, so no turn to count.
            ServiceRecord only = instances.get(0);
            return usable(only, transport) ? only.address() : null;
        }
        int eligible = 0;
        for (ServiceRecord r : instances) {
            if (usable(r, transport)) {
                eligible++;
            }
        }
        if (eligible == 0) {
            return null;
        }
        int turn = turns.computeIfAbsent(service, s -> new AtomicInteger()).getAndIncrement() & Integer.MAX_VALUE;
        String chosen = strategy == Strategy.ROUND_ROBIN
                ? nth(instances, transport, turn % eligible)
                : leastOutstanding(instances, transport, turn % instances.size());
        if (strategy == Strategy.LEAST_OUTSTANDING && chosen != null) {
            outstanding.merge(chosen, 1, Integer::sum);
        }
        return chosen;
    }

    /** A call picked by {@link #pick} completed, whatever its outcome. */
    public void finished(String address) {
        if (strategy == Strategy.LEAST_OUTSTANDING && address != null) {
            outstanding.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Skips {@code address} for {@code millis}: it did not take a call the registry said it would. */
    public void suspect(String address, long millis) {
        suspectUntil.put(address, System.nanoTime() + millis * 1_000_000L);
    }

    private boolean usable(ServiceRecord r, String transport) {
        String address = r.address();
        if (address == null || !transport.equals(r.transport())) {
            return false;
        }
        Long until = suspectUntil.isEmpty() ? null : suspectUntil.get(address);
        if (until == null) {
            return true;
        }
        if (System.nanoTime() - until >= 0) {
            suspectUntil.remove(address, until);
            return true;
        }
        return false;
    }

    private String nth(List<ServiceRecord> instances, String transport, int n) {
        for (ServiceRecord r : instances) {
            if (usable(r, transport) && n-- == 0) {
                return r.address();
            }
        }
        return null;
    }

    /** The usable instance with the fewest calls in flight; ties go round robin from {@code start}. */
    private String leastOutstanding(List<ServiceRecord> instances, String transport, int start) {
        String best = null;
        int bestCount = Integer.MAX_VALUE;
        int size = instances.size();
        for (int i = 0; i < size; i++) {
            ServiceRecord r = instances.get((start + i) % size);
            if (usable(r, transport)) {
                int count = outstanding.getOrDefault(r.address(), 0);
                if (count < bestCount) {
                    best = r.address();
                    bestCount = count;
                }
            }
        }
        return best;
    }
}
