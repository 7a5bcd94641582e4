package dev.enoki;

import dev.enoki.internal.config.ConfigProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the container's config, or the value at a dotted key of it, bound to the field's type with Jackson.
 * A missing key is a startup error unless the field is an {@code Optional}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(ConfigProvider.class)
public @interface Config {
    /** A dotted key such as {@code "orders.max_items"}; empty injects the whole config. */
    String value() default "";
}
