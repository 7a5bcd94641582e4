package dev.enoki.internal.resilience;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which methods of the services a container calls are declared idempotent ({@code @Rpc(idempotent = true)}), as the
 * registry publishes them. A call only reads what is known; what is older than {@value #REFRESH_MILLIS} ms is asked
 * of the registry again, in the background, so a call never waits for it. A method counts as idempotent only when
 * every instance says so: during a rolling deployment, the safe answer.
 */
final class IdempotentMethods {
    static final long REFRESH_MILLIS = 5_000;

    private final ServiceRegistry registry;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Set<String> methods, long at) {
    }

    IdempotentMethods(ServiceRegistry registry) {
        this.registry = registry;
    }

    boolean contains(String service, String method) {
        Known now = known.get(service);
        if (now == null || System.currentTimeMillis() - now.at() > REFRESH_MILLIS) {
            now = refresh(service, now);
        }
        return now.methods().contains(method);
    }

    /** Asks the registry about a service not asked about yet. */
    void learn(String service) {
        if (!known.containsKey(service)) {
            refresh(service, null);
        }
    }

    /** Asks the registry; what was known stays until it answers. */
    Known refresh(String service, Known previous) {
        Known stale = new Known(previous == null ? Set.of() : previous.methods(), System.currentTimeMillis());
        known.put(service, stale);
        registry.instances(service).onSuccess(records -> known.put(service, new Known(idempotent(records),
                System.currentTimeMillis())));
        return known.get(service);
    }

    /** The methods every instance declares idempotent. */
    static Set<String> idempotent(List<ServiceRecord> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        return records.get(0).methods().stream().filter(ServiceRecord.RpcMethod::idempotent)
                .map(ServiceRecord.RpcMethod::name)
                .filter(name -> records.stream().allMatch(r -> r.method(name) != null && r.method(name).idempotent()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
