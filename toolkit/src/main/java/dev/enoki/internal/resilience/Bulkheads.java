package dev.enoki.internal.resilience;

import dev.enoki.ServiceBusy;
import dev.enoki.transport.RpcRequest;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.time.Duration;
import java.util.function.Function;

/**
 * At most so many calls in flight from one container to one service: when that service hangs, only that many of
 * the container's workers wait on it and the rest keep serving; past the limit a call fails at once with
 * {@link ServiceBusy}, unsent. Resilience4j's semaphore bulkhead, never waiting, counts them.
 */
final class Bulkheads {
    private final String caller;
    private final int maxInFlight;
    private final BulkheadRegistry bulkheads;

    /** {@code maxInFlight} 0: no limit. */
    Bulkheads(String caller, int maxInFlight) {
        this.caller = caller;
        this.maxInFlight = maxInFlight;
        this.bulkheads = maxInFlight == 0 ? null : BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(maxInFlight).maxWaitDuration(Duration.ZERO).writableStackTraceEnabled(false)
                .build());
    }

    /** False when there is no limit, so a call need not go through {@link #call} at all. */
    boolean limited() {
        return bulkheads != null;
    }

    Future<Buffer> call(RpcRequest request, Function<RpcRequest, Future<Buffer>> send) {
        if (bulkheads == null) {
            return send.apply(request);
        }
        Bulkhead bulkhead = bulkheads.bulkhead(request.service());
        if (!bulkhead.tryAcquirePermission()) {
            return Future.failedFuture(new ServiceBusy(request.service() + "." + request.method() + " was not sent: "
                    + caller + " already has " + maxInFlight + " calls in flight to " + request.service()));
        }
        Future<Buffer> reply;
        try {
            reply = send.apply(request);
        } catch (RuntimeException e) {
            bulkhead.onComplete();
            throw e;
        }
        return reply.andThen(outcome -> bulkhead.onComplete());
    }
}
