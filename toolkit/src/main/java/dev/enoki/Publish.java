package dev.enoki;

import dev.enoki.internal.messaging.PublisherProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a {@link Publisher} of messages to a RabbitMQ exchange, as Nameko's {@code Publisher(exchange=...)}: the
 * exchange is declared durable when the container starts. Needs the RabbitMQ transport ({@code AMQP_URI}); on the
 * event bus the container refuses to start.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(PublisherProvider.class)
public @interface Publish {
    /** The exchange to publish to; empty for RabbitMQ's default exchange, where the routing key names a queue. */
    String exchange() default "";

    /** The exchange's type: {@code direct} (kombu's default), {@code topic}, {@code fanout} or {@code headers}. */
    String exchangeType() default "direct";

    /** The routing key of a message whose {@link PublishOptions} name none. */
    String routingKey() default "";
}
