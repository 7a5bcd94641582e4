package dev.enoki.internal.messaging;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.Consume;
import dev.enoki.internal.events.HandlerDisposition;
import dev.enoki.internal.events.PayloadReader;
import dev.enoki.transport.ConsumedMessage;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.QueueBinding;
import dev.enoki.transport.Subscription;
import io.vertx.core.Future;

/**
 * {@code @Consume}: the method gets the JSON body of each message of its queue as its one argument, and the context
 * data of the message's headers. When it returns the message is acknowledged; when it throws, too, unless
 * {@code requeueOnError} asks for another try.
 */
public final class ConsumeEntrypoint extends AbstractEntrypoint<Consume> {
    private Messaging messaging;
    private QueueBinding binding;
    private PayloadReader payload;
    private Subscription consumer;

    public ConsumeEntrypoint() {
        super(Consume.class);
    }

    @Override
    public Future<Void> setup() {
        String who = "@Consume " + method.getName();
        if (method.getParameterCount() != 1) {
            return Future.failedFuture(new ConfigurationError(who
                    + " must take exactly one parameter: the message body"));
        }
        if (annotation.queue().isBlank()) {
            return Future.failedFuture(new ConfigurationError(who + " needs a queue name"));
        }
        try {
            MessagingChecks.check(annotation.exchangeType(), who);
            messaging = MessagingChecks.messagingOf(container.transport(), who);
        } catch (ConfigurationError e) {
            return Future.failedFuture(e);
        }
        binding = new QueueBinding(annotation.queue(), annotation.exchange(), annotation.exchangeType(),
                annotation.routingKey());
        payload = new PayloadReader(method.getGenericParameterTypes()[0], "message body");
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> start() {
        return messaging.consume(binding, container.maxWorkers(), this::handle)
                .onSuccess(s -> consumer = s)
                .mapEmpty();
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

    private Future<Disposition> handle(ConsumedMessage message) {
        return container.spawnWorker(this, m -> new Object[]{payload.read(message.body().getBytes())},
                        message.context())
                .transform(outcome -> Future.succeededFuture(
                        HandlerDisposition.of(outcome.cause(), annotation.requeueOnError())));
    }
}
