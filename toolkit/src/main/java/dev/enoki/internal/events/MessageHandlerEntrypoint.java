package dev.enoki.internal.events;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.BadRequest;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.ServiceBusy;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.lang.annotation.Annotation;
import java.util.Map;
import java.util.function.Function;

/**
 * An entrypoint fed by a consumer of messages, an event handler's or a queue's: the method gets each message's JSON
 * body as its one argument. When it returns the message is done; when it throws, the message is done too unless
 * {@link #requeueOnError()} asks for another try.
 */
public abstract class MessageHandlerEntrypoint<A extends Annotation> extends AbstractEntrypoint<A> {
    private PayloadReader payload;
    private Subscription consumer;

    protected MessageHandlerEntrypoint(Class<A> annotationType) {
        super(annotationType);
    }

    protected MessageHandlerEntrypoint(Class<A> annotationType,
                                       Function<A, Class<? extends Throwable>[]> expectedExceptions,
                                       Function<A, String[]> sensitiveArguments) {
        super(annotationType, expectedExceptions, sensitiveArguments);
    }

    /** Starts the consumer, which hands each message to {@link #handle}. */
    protected abstract Future<Subscription> consume();

    protected abstract boolean requeueOnError();

    /** Binds bodies to the method's one parameter; call it from {@code setup}. */
    protected void readBodiesAs(String what) {
        payload = new PayloadReader(method.getGenericParameterTypes()[0], what);
    }

    @Override
    public Future<Void> start() {
        return consume().onSuccess(s -> consumer = s).mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return consumer == null ? Future.succeededFuture() : consumer.cancel();
    }

    @Override
    public void kill() {
        if (consumer != null) {
            consumer.cancel();
        }
    }

    /** Runs the method with the body in a worker, and says what becomes of the message. */
    protected Future<Disposition> handle(Buffer body, Map<String, Object> context) {
        return container.spawnWorker(this, m -> new Object[]{payload.read(body.getBytes())}, context)
                .transform(outcome -> Future.succeededFuture(disposition(outcome.cause())));
    }

    private Disposition disposition(Throwable error) {
        if (error == null || error instanceof BadRequest) {
            return Disposition.ACK;   // done, or never going to work: another try would loop
        }
        if (error instanceof ServiceBusy || error instanceof ContainerBeingKilled) {
            return Disposition.REQUEUE;   // the handler never ran
        }
        return requeueOnError() ? Disposition.RETRY : Disposition.ACK;
    }
}
