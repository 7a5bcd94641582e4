package dev.enoki.internal.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.ServiceBusy;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.RpcRequest;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Tries a call again when it was refused unrun, so trying again cannot run it twice: {@link ServiceBusy}, as a
 * failure or as the reply of a service whose workers and wait queue were full. Backoff is exponential with full
 * jitter (a random wait up to the doubled ceiling), so callers refused together do not come back together, and no
 * retry is made that the call's deadline would not let finish. Resilience4j counts the attempts.
 */
final class Retries {
    private static final String SERVICE_BUSY = ServiceBusy.class.getName();

    private final Vertx vertx;
    private final RetryOptions options;
    private final Retry retry;

    Retries(Vertx vertx, RetryOptions options) {
        this.vertx = vertx;
        this.options = options;
        this.retry = Retry.of("rpc", RetryConfig.<Buffer>custom()
                .maxAttempts(options.attempts())
                .intervalFunction(this::backoffMillis)
                .retryOnException(failure -> failure instanceof ServiceBusy)
                .retryOnResult(Retries::busyReply)
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build());
    }

    Future<Buffer> call(RpcRequest request, Function<RpcRequest, Future<Buffer>> send) {
        Future<Buffer> first = send.apply(request);
        if (options.attempts() == 1) {
            return first;
        }
        // Almost every call is answered at the first try: only a refused one pays for the retry's bookkeeping.
        return first.transform(outcome -> {
            if (outcome.succeeded() ? !busyReply(outcome.result()) : !(outcome.cause() instanceof ServiceBusy)) {
                return (Future<Buffer>) outcome;
            }
            Promise<Buffer> result = Promise.promise();
            settle(request, send, retry.asyncContext(), result, outcome);
            return result.future();
        });
    }

    private void attempt(RpcRequest request, Function<RpcRequest, Future<Buffer>> send,
                         Retry.AsyncContext<Buffer> context, Promise<Buffer> result) {
        send.apply(request).onComplete(outcome -> settle(request, send, context, result, outcome));
    }

    /** Tries again after a backoff, or ends the call with this outcome. */
    private void settle(RpcRequest request, Function<RpcRequest, Future<Buffer>> send,
                        Retry.AsyncContext<Buffer> context, Promise<Buffer> result, AsyncResult<Buffer> outcome) {
        long delay = outcome.succeeded() ? context.onResult(outcome.result()) : context.onError(outcome.cause());
        if (delay < 0 || (request.deadline() != 0 && System.currentTimeMillis() + delay >= request.deadline())) {
            if (outcome.succeeded()) {
                context.onComplete();
            }
            result.handle(outcome);
            return;
        }
        vertx.setTimer(delay, id -> attempt(request, send, context, result));
    }

    /** Full jitter: anything from 1 ms up to the ceiling of this retry. */
    long backoffMillis(int retry) {
        return ThreadLocalRandom.current().nextLong(1, options.ceilingMillis(retry) + 1);
    }

    private static boolean busyReply(Buffer reply) {
        JsonNode error = ReplyBody.errorOf(reply);
        return error != null && SERVICE_BUSY.equals(error.path("exc_path").asText());
    }
}
