package dev.enoki;

import dev.enoki.internal.messaging.ConsumeEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method with the JSON body of each message of a RabbitMQ queue, as Nameko's {@code @consume(Queue(...))}:
 * the queue is declared durable and bound to {@code exchange} with {@code routingKey}; context data comes from the
 * message's {@code nameko.*} headers. The message is acknowledged when the worker is done. Needs the RabbitMQ
 * transport ({@code AMQP_URI}); on the event bus the container refuses to start.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(ConsumeEntrypoint.class)
public @interface Consume {
    /** The queue to consume, declared durable, not exclusive, not auto-delete. */
    String queue();

    /** The exchange the queue is bound to, declared durable; empty for RabbitMQ's default exchange (no binding). */
    String exchange() default "";

    /** The exchange's type: {@code direct} (kombu's default), {@code topic}, {@code fanout} or {@code headers}. */
    String exchangeType() default "direct";

    /** The binding's routing key; empty is the empty key, as kombu binds it. */
    String routingKey() default "";

    /** A method that throws gives the message back for another try instead of dropping it. */
    boolean requeueOnError() default false;
}
