package dev.enoki;

import dev.enoki.internal.events.EventHandlerEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Runs the method with the payload of each {@code event} dispatched by {@code source}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(EventHandlerEntrypoint.class)
public @interface EventHandler {
    /** The dispatching service. */
    String source();

    /** The event type. */
    String event();

    HandlerType type() default HandlerType.SERVICE_POOL;

    /** Events wait in a durable queue while no handler runs (AMQP); false makes the queue go with its consumer. */
    boolean reliableDelivery() default true;

    /** A handler that throws gives the event back for another try instead of dropping it. */
    boolean requeueOnError() default false;

    /**
     * Names this instance's queue for {@link HandlerType#BROADCAST}. Empty means a fresh random id per start,
     * which cannot be combined with {@code reliableDelivery}; {@code ${VAR}} and {@code ${VAR:default}} are expanded.
     */
    String broadcastIdentifier() default "";

    /**
     * Effects at most once per event and handler, for a service that keeps its state through a dependency that
     * honours it (such as {@code @Database}): an event delivered again, known by the message id its dispatcher gave
     * it, is acknowledged without running the method. An event without one (Nameko dispatchers send none) is
     * handled at least once, as without this option, and the dependency says so in a warning.
     */
    boolean exactlyOnce() default false;

    Class<? extends Throwable>[] expectedExceptions() default {};

    String[] sensitiveArguments() default {};
}
