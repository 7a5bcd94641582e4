package dev.enoki.internal.amqp;

import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Return;
import dev.enoki.EnokiException;
import dev.enoki.RpcTimeout;
import dev.enoki.UnknownService;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The caller's side of RPC: one reply queue per container or client, {@code rpc.reply-<owner>-<uuid>}, bound with
 * its own name, which requests carry in {@code reply_to} (Nameko's carry the bare uuid; see {@link DirectReplies}).
 * Each call waits under its correlation id until its reply, a broker return (UnknownService), its deadline, or the
 * loss of the connection, whichever comes first. Replies are read on the connection's reader thread; a caller on an
 * event loop gets its outcome back on its own context, any other caller on {@link CallerContinuations}, never on
 * the reader.
 */
final class ReplyListener {
    private static final Logger log = LoggerFactory.getLogger(ReplyListener.class);

    private final Vertx vertx;
    private final String exchange;
    private final String owner;
    private final String uuid = UUID.randomUUID().toString();
    private final int maxMessageSize;
    private final Map<String, PendingCall> pending = new ConcurrentHashMap<>();
    private final Consumer<String> timedOut;

    /** {@code timedOut} hears the service of every call that reached its deadline. */
    ReplyListener(Vertx vertx, String exchange, String owner, int maxMessageSize, Consumer<String> timedOut) {
        this.vertx = vertx;
        this.exchange = exchange;
        this.owner = owner;
        this.maxMessageSize = maxMessageSize;
        this.timedOut = timedOut;
    }

    /**
     * Declares, binds and consumes the reply queue. Nameko acks each reply on receipt; consuming with the broker's
     * automatic ack is the same contract without one frame per call.
     */
    Future<ReplyListener> start(AmqpLink link) {
        return ConsumerChannel.open(link, null, 0, true,
                channel -> Topology.declareReplyQueue(channel, exchange, owner, uuid),
                (consumer, delivery) -> onReply(delivery)).map(c -> this);
    }

    /** What requests carry in {@code reply_to}: the reply queue's name, also its routing key on the RPC exchange. */
    String replyTo() {
        return queue();
    }

    String queue() {
        return Topology.replyQueue(owner, uuid);
    }

    /**
     * Waits for the reply to {@code correlationId} until {@code timeoutMillis} pass: on a Vert.x timer of the caller's
     * event loop, or on the {@link DeadlineWheel} for a caller elsewhere ({@code caller} null).
     */
    Future<Buffer> expect(String correlationId, RpcRequest request, long timeoutMillis, Context caller) {
        PendingCall call = new PendingCall(request, caller);
        pending.put(correlationId, call);
        Runnable expire = () -> {
            if (fail(correlationId, new RpcTimeout(request.service() + "." + request.method()
                    + " did not reply within " + timeoutMillis + " ms"))) {
                timedOut.accept(request.service());
            }
        };
        if (caller != null) {
            long timer = vertx.setTimer(timeoutMillis, id -> expire.run());
            call.cancelDeadline = () -> vertx.cancelTimer(timer);
        } else {
            call.cancelDeadline = DeadlineWheel.schedule(timeoutMillis, expire)::cancel;
        }
        return call.promise.future();
    }

    /** Fails the call if it still waits; false when it had already ended. */
    boolean fail(String correlationId, Throwable error) {
        PendingCall call = pending.remove(correlationId);
        if (call != null) {
            call.settle(null, error);
        }
        return call != null;
    }

    /** Whether the call still waits: neither answered nor failed nor past its deadline. */
    boolean waiting(String correlationId) {
        return pending.containsKey(correlationId);
    }

    /** A mandatory request the broker could not route: no queue is bound for that service. */
    void onReturn(Return returned) {
        String correlationId = returned.getProperties().getCorrelationId();
        PendingCall call = correlationId == null ? null : pending.get(correlationId);
        if (call != null && returned.getExchange().equals(exchange)
                && returned.getRoutingKey().equals(call.request.service() + "." + call.request.method())) {
            fail(correlationId, new UnknownService(call.request.service()));
        }
    }

    private void onReply(Delivery delivery) {
        String correlationId = delivery.getProperties().getCorrelationId();
        PendingCall call = correlationId == null ? null : pending.remove(correlationId);
        if (call == null) {
            log.debug("reply for unknown correlation id {} dropped (late or foreign)", correlationId);
            return;
        }
        String refusal = NamekoMessages.refusal(delivery.getProperties(), delivery.getBody().length, maxMessageSize);
        if (refusal != null) {
            call.settle(null, new EnokiException("reply from " + call.request.service() + " refused: " + refusal));
        } else {
            call.settle(Buffer.buffer(delivery.getBody()), null);
        }
    }

    /** Fails every waiting call at once, instead of letting each run into its deadline. */
    void failAll(Throwable error) {
        pending.keySet().forEach(id -> fail(id, error));
    }

    private static final class PendingCall {
        final RpcRequest request;
        final Context caller;
        final Promise<Buffer> promise = Promise.promise();
        /** Set just after the call is registered: a reply that comes sooner leaves the deadline to fire for nothing. */
        volatile Runnable cancelDeadline;

        PendingCall(RpcRequest request, Context caller) {
            this.request = request;
            this.caller = caller;
        }

        void settle(Buffer reply, Throwable error) {
            if (caller == null) {
                CallerContinuations.execute(() -> {
                    cancelDeadline();
                    complete(reply, error);
                });
            } else {
                // The timer lives on the caller's event loop: cancelled there it costs no task of its own.
                caller.runOnContext(v -> {
                    cancelDeadline();
                    complete(reply, error);
                });
            }
        }

        private void cancelDeadline() {
            Runnable cancel = cancelDeadline;
            if (cancel != null) {
                cancel.run();
            }
        }

        private void complete(Buffer reply, Throwable error) {
            if (error == null) {
                promise.tryComplete(reply);
            } else {
                promise.tryFail(error);
            }
        }
    }
}
