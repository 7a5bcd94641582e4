package dev.enoki.internal.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * On the event bus, where the caller picks the instance of a service that takes a call: one breaker per instance
 * (by its address), with the figures of the {@code circuit_breaker} section, counting only the calls the instance
 * did not answer before their deadline. An instance whose breaker opens is left out (outlier ejection): the balancer
 * skips it for {@code open_for} and its calls go to the other instances; then its breaker lets probes through, whose
 * answers close it again. The service's own breaker ({@link CircuitBreakers}) still sees every call, and stops them
 * all when every instance is unwell.
 */
public final class InstanceBreakers {
    private static final Logger log = LoggerFactory.getLogger(InstanceBreakers.class);
    /** Breakers kept before closed ones, of instances long gone perhaps, are dropped: bounded memory. */
    private static final int MAX_KEPT = 1024;
    /** The gauge of each kept breaker's state, tagged with the calling service and the instance's address. */
    static final String GAUGE = "enoki.circuit_breaker.instance.state";

    private final String owner;
    private final BreakerOptions options;
    private final CircuitBreakerRegistry breakers;

    public InstanceBreakers(String owner, BreakerOptions options) {
        this.owner = owner;
        this.options = options;
        this.breakers = CircuitBreakers.registry(options);
        // Each instance's breaker is a gauge while it is kept, so the node's /metrics/breakers shows ejected ones.
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            Gauge.builder(GAUGE, breaker, CircuitBreakers::stateValue)
                    .description("A container's circuit breaker to one instance of a service on the event bus:"
                            + " 0 closed, 1 half open, 2 open")
                    .tags("service", owner, "instance", breaker.getName()).register(Metrics.globalRegistry);
        });
        breakers.getEventPublisher().onEntryRemoved(removed -> Metrics.globalRegistry.find(GAUGE)
                .tags("service", owner, "instance", removed.getRemovedEntry().getName()).gauges()
                .forEach(Metrics.globalRegistry::remove));
    }

    /** The breakers of {@code config}'s {@code circuit_breaker} section, or null when it turns breakers off. */
    public static InstanceBreakers of(String owner, BreakerOptions options) {
        return options.enabled() ? new InstanceBreakers(owner, options) : null;
    }

    /** How long an instance whose breaker opened is left out, ms. */
    public long openForMillis() {
        return options.openFor().toMillis();
    }

    /** Whether a call may go to this instance now; each permitted call ends in {@link #answered} or another. */
    public boolean permits(String address) {
        if (breakers.getAllCircuitBreakers().size() >= MAX_KEPT) {
            breakers.getAllCircuitBreakers().stream().filter(b -> b.getState() == CircuitBreaker.State.CLOSED)
                    .forEach(b -> breakers.remove(b.getName()));
        }
        return breakers.circuitBreaker(address).tryAcquirePermission();
    }

    /** The instance answered a permitted call, whatever the answer. */
    public void answered(String address, long nanos) {
        CircuitBreaker breaker = breakers.circuitBreaker(address);
        CircuitBreaker.State before = breaker.getState();
        breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        if (before != CircuitBreaker.State.CLOSED && breaker.getState() == CircuitBreaker.State.CLOSED) {
            log.info("{}: instance {} answers again: it takes calls again", owner, address);
        }
    }

    /**
     * The instance did not answer a permitted call before its deadline.
     *
     * @return whether its breaker opened with it: leave the instance out for {@link #openForMillis()}
     */
    public boolean unanswered(String address, long nanos, Throwable failure) {
        CircuitBreaker breaker = breakers.circuitBreaker(address);
        CircuitBreaker.State before = breaker.getState();
        breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
        boolean opened = before != CircuitBreaker.State.OPEN && breaker.getState() == CircuitBreaker.State.OPEN;
        if (opened) {
            log.warn("{}: instance {} left out for {} ms: too many calls to it went unanswered of late", owner,
                    address, openForMillis());
        }
        return opened;
    }

    /** A permitted call that says nothing of the instance's health (it was not delivered). */
    public void released(String address) {
        breakers.circuitBreaker(address).releasePermission();
    }
}
