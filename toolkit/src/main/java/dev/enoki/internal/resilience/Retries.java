package dev.enoki.internal.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceBusy;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.RpcRequest;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Tries a call again when it was refused unrun, so trying again cannot run it twice: {@link ServiceBusy}, as a
 * failure or as the reply of a service whose workers and wait queue were full. A call to a method declared
 * idempotent is also tried again after a timeout or a lost connection, which may have run it: each of its attempts
 * waits at most its share of what is left of the deadline, so a retry still has time to finish. Backoff is
 * exponential with full jitter (a random wait up to the doubled ceiling), so callers refused together do not come
 * back together, and no retry is made that the call's deadline would not let finish. Resilience4j counts the attempts.
 */
final class Retries {
    private static final String SERVICE_BUSY = ServiceBusy.class.getName();

    private final Vertx vertx;
    private final RetryOptions options;
    private final Retry refused;
    private final Retry idempotent;

    Retries(Vertx vertx, RetryOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.refused = Retry.of("rpc", config(failure -> failure instanceof ServiceBusy));
        this.idempotent = Retry.of("rpc-idempotent", config(failure -> failure instanceof ServiceBusy
                || failure instanceof RpcTimeout || failure instanceof BrokerConnectionLost));
    }

    private RetryConfig config(Predicate<Throwable> retried) {
        return RetryConfig.<Buffer>custom()
                .maxAttempts(options.attempts())
                .intervalFunction(this::backoffMillis)
                .retryOnException(retried)
                .retryOnResult(Retries::busyReply)
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** False when a call is tried once only. */
    boolean enabled() {
        return options.attempts() > 1;
    }

    /** Sends one attempt and hands its outcome to {@code then}: a breaker counts it there before a retry sees it. */
    interface Attempt {
        void send(RpcRequest request, Completable<Buffer> then);
    }

    Future<Buffer> call(RpcRequest request, Function<RpcRequest, Future<Buffer>> send) {
        return call(request, false, send);
    }

    /** As below, for a send that returns the reply's future rather than handing it on. */
    Future<Buffer> call(RpcRequest request, boolean idempotentMethod, Function<RpcRequest, Future<Buffer>> send) {
        return call(request, idempotentMethod, (attempt, then) -> send.apply(attempt).onComplete(then));
    }

    /** {@code idempotentMethod}: the method may run twice, so a timeout or a lost connection is tried again too. */
    Future<Buffer> call(RpcRequest request, boolean idempotentMethod, Attempt send) {
        Promise<Buffer> result = Promise.promise();
        if (options.attempts() == 1) {
            send.send(request, result);
        } else if (idempotentMethod) {
            new RetriedCall(request, send, idempotent.asyncContext(), true, result).attempt(1);
        } else {
            // Almost every call is answered at the first try: only a refused one pays for the retry's bookkeeping.
            send.send(request, (reply, failure) -> {
                if (failure == null ? !busyReply(reply) : !(failure instanceof ServiceBusy)) {
                    result.complete(reply, failure);
                    return;
                }
                new RetriedCall(request, send, refused.asyncContext(), false, result).settle(1, reply, failure);
            });
        }
        return result.future();
    }

    /** The request with a deadline of an equal share of what is left for the {@code attemptsLeft} attempts left. */
    static RpcRequest share(RpcRequest request, int attemptsLeft, long now) {
        if (request.deadline() == 0 || attemptsLeft <= 1 || request.deadline() <= now) {
            return request;
        }
        long deadline = now + Math.max(1, (request.deadline() - now) / attemptsLeft);
        return new RpcRequest(request.service(), request.method(), request.body(), request.context(), deadline);
    }

    /** Full jitter: anything from 1 ms up to the ceiling of this retry. */
    long backoffMillis(int retry) {
        return ThreadLocalRandom.current().nextLong(1, options.ceilingMillis(retry) + 1);
    }

    private static boolean busyReply(Buffer reply) {
        JsonNode error = ReplyBody.errorOf(reply);
        return error != null && SERVICE_BUSY.equals(error.path("exc_path").asText());
    }

    /** One call that is being tried again; {@code shared}: each attempt gets its share of the time left. */
    private final class RetriedCall {
        private final RpcRequest request;
        private final Attempt send;
        private final Retry.AsyncContext<Buffer> context;
        private final boolean shared;
        private final Promise<Buffer> result;

        RetriedCall(RpcRequest request, Attempt send, Retry.AsyncContext<Buffer> context,
                    boolean shared, Promise<Buffer> result) {
            this.result = result;
            this.request = request;
            this.send = send;
            this.context = context;
            this.shared = shared;
        }

        /** Attempt {@code n}, 1 for the first. */
        void attempt(int n) {
            RpcRequest sent = shared ? share(request, options.attempts() - n + 1, System.currentTimeMillis()) : request;
            send.send(sent, (reply, failure) -> settle(n, reply, failure));
        }

        /** Tries again after a backoff, or ends the call with this outcome of attempt {@code n}. */
        void settle(int n, Buffer reply, Throwable failure) {
            long delay = failure == null ? context.onResult(reply) : context.onError(failure);
            if (delay < 0 || (request.deadline() != 0 && System.currentTimeMillis() + delay >= request.deadline())) {
                if (failure == null) {
                    context.onComplete();
                }
                result.complete(reply, failure);
                return;
            }
            vertx.setTimer(delay, id -> attempt(n + 1));
        }
    }
}
