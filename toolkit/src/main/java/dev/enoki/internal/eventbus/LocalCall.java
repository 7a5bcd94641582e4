package dev.enoki.internal.eventbus;

import dev.enoki.internal.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * An RPC request within one JVM, as {@link LocalCalls} sends it: the body and the {@link CallHeader} text the wire
 * would carry, and the caller's own waiting promise, which the serving instance settles in place of sending a reply
 * message. The first of the reply, a failure and the deadline settles it; whatever comes after is ignored. The
 * promise is completed on the caller's context, in a task of its own, as a reply message would be delivered: never
 * while the caller's code that sent it is still running, even if the instance answers at once on another thread.
 * Neither body is copied: nobody writes to a request or reply body once it is sent.
 */
final class LocalCall {
    private final LocalCalls owner;
    private final Buffer body;
    private final String header;
    private final Context caller;
    private final Promise<Buffer> reply;
    private final long deadlineNanos;

    LocalCall(LocalCalls owner, Buffer body, String header, Context caller, long deadlineNanos) {
        this.owner = owner;
        this.body = body;
        this.header = header;
        this.caller = caller;
        this.reply = VertxInternals.promiseOn(caller);
        this.deadlineNanos = deadlineNanos;
    }

    Buffer body() {
        return body;
    }

    String header() {
        return header;
    }

    Future<Buffer> reply() {
        return reply.future();
    }

    /** Whether the deadline has passed at {@code nanoTime}. */
    boolean expiredAt(long nanoTime) {
        return nanoTime - deadlineNanos >= 0;
    }

    /** The serving instance's reply body. */
    void answer(Buffer replyBody) {
        if (owner.settle(this)) {
            caller.runOnContext(v -> reply.complete(replyBody));
        }
    }

    /** As {@code Message.fail} would answer it: a failure with a code and a message. */
    void fail(int code, String message) {
        fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message));
    }

    /** Fails the call as the event bus fails a request: no handlers, a timeout, or the recipient's failure. */
    void fail(ReplyException failure) {
        if (owner.settle(this)) {
            caller.runOnContext(v -> reply.fail(failure));
        }
    }
}
