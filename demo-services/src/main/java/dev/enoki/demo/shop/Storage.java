package dev.enoki.demo.shop;

import dev.enoki.DependencyAnnotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the container's {@link Store}: state shared by the workers of one service instance, since each worker
 * is a fresh object. A stand-in for a database dependency.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(StoreProvider.class)
public @interface Storage {
    /** At most this many entries are kept; the oldest go first. */
    int capacity() default 10_000;
}
