package dev.enoki;

import io.vertx.core.Future;

/**
 * Publishes JSON messages to the exchange of its {@link Publish} field, with the worker's context data as
 * {@code nameko.*} headers. A publish completes when RabbitMQ confirmed the message; a mandatory message that no
 * queue took fails with {@link UndeliverableMessage}.
 */
public interface Publisher {

    /** Publishes with the field's defaults and returns once RabbitMQ confirmed it. Blocks: for worker threads. */
    default void publish(Object payload) {
        publish(payload, new PublishOptions());
    }

    /** Publishes with these options and returns once RabbitMQ confirmed it. Blocks: for worker threads. */
    default void publish(Object payload, PublishOptions options) {
        Blocking.await(publishAsync(payload, options));
    }

    Future<Void> publishAsync(Object payload, PublishOptions options);
}
