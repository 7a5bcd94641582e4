package dev.enoki;

import dev.enoki.internal.timer.TimerEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method on a fixed schedule anchored to the container's start; a tick never overlaps the previous one.
 * Every instance fires: timers are not cluster-aware, as in Nameko.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(TimerEntrypoint.class)
public @interface Timer {
    /** The interval: {@code "500ms"}, {@code "5s"}, {@code "2m"}, {@code "1h"}, an ISO-8601 duration, or seconds. */
    String every();

    /** Fire once right at start instead of waiting one interval. */
    boolean eager() default false;

    Class<? extends Throwable>[] expectedExceptions() default {};
}
