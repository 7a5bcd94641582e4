package dev.enoki.internal.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.BadRequest;
import dev.enoki.CircuitOpen;
import dev.enoki.RemoteError;
import dev.enoki.UnknownService;
import dev.enoki.rpc.CallGuard;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.RpcRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One circuit breaker per service a container calls, shared by its proxies: once calls to a service keep failing,
 * the next ones fail at once with {@link CircuitOpen} instead of each holding a worker until its deadline, and the
 * service gets room to recover. Only failures that say something of the service's health count: timeouts, a lost
 * connection, a busy service, an unexpected remote error. A caller's own mistake (an unknown method, bad arguments),
 * an unknown service, and an error the caller declares (a typed proxy's {@code throws}) count as answers.
 */
public final class CircuitBreakers implements CallGuard {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);
    /** Nameko's names of the errors a caller's mistake gets: the service answered, it is well. */
    private static final Set<String> CALLER_MISTAKES = Set.of("MethodNotFound", "IncorrectSignature",
            "MalformedRequest", "BadRequest", "UnknownService");

    private final String caller;
    private final BreakerOptions options;
    private final CircuitBreakerRegistry breakers;
    private final Map<String, CircuitBreaker> byService = new ConcurrentHashMap<>();
    private volatile CircuitBreaker lastUsed;

    public CircuitBreakers(String caller, BreakerOptions options) {
        this.caller = caller;
        this.options = options;
        this.breakers = registry(options);
        // No listener on the breakers themselves: with one, Resilience4j makes an event, with its time, per call.
        breakers.getEventPublisher().onEntryAdded(added -> {
            CircuitBreaker breaker = added.getAddedEntry();
            Gauge.builder("enoki.circuit_breaker.state", breaker, CircuitBreakers::stateValue)
                    .description("A container's circuit breaker to a service: 0 closed, 1 half open, 2 open")
                    .tags("service", caller, "target", breaker.getName()).register(Metrics.globalRegistry);
        });
    }

    /** Breakers with the figures of {@code options}, made on first use. */
    static CircuitBreakerRegistry registry(BreakerOptions options) {
        return CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold((float) options.failureRate())
                .minimumNumberOfCalls(options.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, options.window().toSeconds()))
                .waitDurationInOpenState(options.openFor())
                .permittedNumberOfCallsInHalfOpenState(options.halfOpenCalls())
                .writableStackTraceEnabled(false)
                .build());
    }

    @Override
    public Future<Buffer> call(RpcRequest request, Set<String> expectedErrors,
                               Function<RpcRequest, Future<Buffer>> send) {
        if (!options.enabled()) {
            return send.apply(request);
        }
        Promise<Buffer> reply = Promise.promise();
        call(request, expectedErrors, send, reply);
        return reply.future();
    }

    /**
     * As above, handing the outcome to {@code then} once counted: the one listener on the reply serves the breaker and
     * whatever follows it, a retry say.
     */
    void call(RpcRequest request, Set<String> expectedErrors, Function<RpcRequest, Future<Buffer>> send,
              Completable<Buffer> then) {
        if (!options.enabled()) {
            send.apply(request).onComplete(then);
            return;
        }
        CircuitBreaker breaker = breaker(request.service());
        CircuitBreaker.State before = breaker.getState();
        boolean permitted = breaker.tryAcquirePermission();
        logIfChanged(breaker, before);
        if (!permitted) {
            then.fail(new CircuitOpen(request.service() + "." + request.method()
                    + " was not sent: too many calls from " + caller + " to " + request.service()
                    + " failed of late; the next one goes through within " + options.openFor().toSeconds() + " s"));
            return;
        }
        Future<Buffer> reply;
        try {
            reply = send.apply(request);
        } catch (RuntimeException e) {
            breaker.releasePermission();
            throw e;
        }
        reply.onComplete((Completable<Buffer>) (answer, failure) -> {
            try {
                CircuitBreaker.State was = breaker.getState();
                record(breaker, answer, failure, expectedErrors);
                logIfChanged(breaker, was);
            } finally {
                then.complete(answer, failure);   // the call ends whatever befell its counting
            }
        });
    }

    /** The breaker to {@code service}: the last one used, else the registry's, without its per-lookup work. */
    private CircuitBreaker breaker(String service) {
        CircuitBreaker last = lastUsed;
        if (last != null && last.getName().equals(service)) {
            return last;
        }
        CircuitBreaker breaker = byService.get(service);
        if (breaker == null) {
            breaker = byService.computeIfAbsent(service, breakers::circuitBreaker);
        }
        lastUsed = breaker;
        return breaker;
    }

    /** The state of each breaker made so far, by service: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}. */
    public List<String> states() {
        return breakers.getAllCircuitBreakers().stream().map(b -> b.getName() + "=" + b.getState()).sorted().toList();
    }

    /**
     * Counts the outcome. A slow answer is an answer: the breaker counts failures only, so no duration is measured
     * (Resilience4j's slow-call rate never counts a call of no duration), which spares two clock reads per call.
     */
    private static void record(CircuitBreaker breaker, Buffer answer, Throwable failure, Set<String> expectedErrors) {
        long nanos = 0;
        if (failure != null) {
            if (failure instanceof UnknownService || failure instanceof BadRequest) {
                breaker.releasePermission();
            } else {
                breaker.onError(nanos, TimeUnit.NANOSECONDS, failure);
            }
            return;
        }
        JsonNode error = ReplyBody.errorOf(answer);
        if (error == null) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
            return;
        }
        String type = error.path("exc_type").asText("");
        String path = error.path("exc_path").asText("");
        if (CALLER_MISTAKES.contains(type) || expectedErrors.contains(path)) {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new RemoteError(type, path, List.of(), ""));
        }
    }

    private void logIfChanged(CircuitBreaker breaker, CircuitBreaker.State before) {
        CircuitBreaker.State now = breaker.getState();
        if (now != before) {
            log.warn("{}: circuit to {} {}", caller, breaker.getName(), describe(now));
        }
    }

    static double stateValue(CircuitBreaker breaker) {
        return switch (breaker.getState()) {
            case HALF_OPEN -> 1;
            case OPEN, FORCED_OPEN -> 2;
            default -> 0;
        };
    }

    private String describe(CircuitBreaker.State state) {
        return switch (state) {
            case OPEN -> "opened: calls to it fail at once with CircuitOpen for " + options.openFor().toSeconds()
                    + " s";
            case HALF_OPEN -> "half open: probing with " + options.halfOpenCalls() + " call(s)";
            case CLOSED -> "closed: calls flow again";
            default -> state.toString().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
