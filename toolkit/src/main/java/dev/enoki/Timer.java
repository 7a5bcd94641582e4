package dev.enoki;

import dev.enoki.internal.timer.TimerEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method on a fixed schedule anchored to the container's start; a tick never overlaps the previous one.
 * Every instance fires, as in Nameko, unless {@link #singleton()} asks for one instance at a time.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(TimerEntrypoint.class)
public @interface Timer {
    /** The interval: {@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"}, an ISO-8601 duration, or seconds. */
    String every();

    /** Fire once right at start instead of waiting one interval; not with {@link #singleton()}. */
    boolean eager() default false;

    /**
     * Fire on one instance of the service at a time, wherever its instances run: the one that holds the timer's
     * {@link dev.enoki.lease.Lease}. Ticks then fall on multiples of the interval since the epoch (every minute on the
     * minute), so the instance that takes over keeps the cadence. On RabbitMQ the lease is a single-active-consumer
     * queue, {@code enoki-singleton-<service>.<method>}, passed on as soon as the broker sees the holder's connection
     * close; on a Hazelcast cluster an entry the holder renews, taken over within {@code discovery.singleton_lease}
     * (5 s) of the holder's death; in one JVM the first instance holds it. A tick still running when its instance
     * loses the lease (cut off from the others, not dead) is not stopped.
     */
    boolean singleton() default false;

    Class<? extends Throwable>[] expectedExceptions() default {};
}
