package dev.enoki.internal.resilience;

import dev.enoki.ConfigurationError;
import dev.enoki.ContainerContext;
import dev.enoki.Extension;
import dev.enoki.config.ConfigValues;
import dev.enoki.rpc.CallGuard;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What stands between a container's RPC proxies and the services they call, shared by all of them: the bulkhead
 * around the whole call, retries inside it (of calls refused unrun, and of timeouts and lost connections when the
 * registry says the method is idempotent), and the circuit breaker around each attempt, so that every attempt counts
 * towards the breaker and a retry never goes out through an open one.
 */
public final class CallPolicies implements Extension, CallGuard {
    public static final String BULKHEAD = "bulkhead";

    private final ContainerContext container;
    private final RetryOptions retryOptions;
    private final Bulkheads bulkheads;
    private final Retries retries;
    private final CircuitBreakers breakers;
    private final IdempotentMethods idempotent;

    public CallPolicies(ContainerContext container) {
        JsonObject config = container.config();
        this.container = container;
        this.retryOptions = RetryOptions.fromConfig(config);
        this.bulkheads = new Bulkheads(container.serviceName(), maxInFlight(config));
        this.retries = new Retries(container.vertx(), retryOptions);
        this.breakers = new CircuitBreakers(container.serviceName(), BreakerOptions.fromConfig(config));
        this.idempotent = new IdempotentMethods(container.registry());
    }

    /** Asks the registry now which methods of {@code service} are idempotent, ahead of the first call. */
    public void willCall(String service) {
        idempotent.learn(service);
    }

    @Override
    public Future<Buffer> call(RpcRequest request, Set<String> expectedErrors,
                               Function<RpcRequest, Future<Buffer>> send) {
        return call(bulkheads, retries, request, expectedErrors, send);
    }

    /**
     * These policies with one proxy's own bounds ({@code @RpcProxy(attempts, maxInFlight)}) in place of the
     * container's: {@code attempts} 0 and {@code maxInFlight} -1 keep the container's. The breakers stay shared, as
     * they judge the service called, not the proxy calling it.
     */
    public CallGuard forProxy(int attempts, int maxInFlight) {
        if (attempts < 0 || maxInFlight < -1) {
            throw new ConfigurationError("@RpcProxy attempts must be 0 (the config's) or more and maxInFlight -1 "
                    + "(the config's) or more, not " + attempts + " and " + maxInFlight);
        }
        if (attempts == 0 && maxInFlight == -1) {
            return this;
        }
        Retries ownRetries = attempts == 0 ? retries
                : new Retries(container.vertx(), retryOptions.withAttempts(attempts));
        Bulkheads ownBulkheads = maxInFlight == -1 ? bulkheads : new Bulkheads(container.serviceName(), maxInFlight);
        return (request, expectedErrors, send) -> call(ownBulkheads, ownRetries, request, expectedErrors, send);
    }

    private Future<Buffer> call(Bulkheads bulkheads, Retries retries, RpcRequest request, Set<String> expectedErrors,
                                Function<RpcRequest, Future<Buffer>> send) {
        if (!bulkheads.limited()) {   // the default: no wrapper, and no lambda, around the call
            return retried(retries, request, expectedErrors, send);
        }
        return bulkheads.call(request, limited -> retried(retries, limited, expectedErrors, send));
    }

    private Future<Buffer> retried(Retries retries, RpcRequest request, Set<String> expectedErrors,
                                   Function<RpcRequest, Future<Buffer>> send) {
        // Whether a method is idempotent only matters when a call may be tried again.
        boolean idempotentMethod = retries.enabled() && idempotent.contains(request.service(), request.method());
        return retries.call(request, idempotentMethod,
                (attempt, then) -> breakers.call(attempt, expectedErrors, send, then));
    }

    /** Each breaker's state by service, {@code payments=OPEN}. */
    public List<String> breakerStates() {
        return breakers.states();
    }

    private static int maxInFlight(JsonObject config) {
        try {
            JsonObject section = Sections.of(config, BULKHEAD);
            int max = ConfigValues.integer(section, "max_in_flight", 0);
            if (max < 0) {
                throw new ConfigurationError("max_in_flight must be 0 (no limit) or more, not " + max);
            }
            return max;
        } catch (ConfigurationError e) {
            throw new ConfigurationError(BULKHEAD + "." + e.getMessage(), e);
        }
    }
}
