package dev.enoki;

import dev.enoki.internal.container.ContextDataProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects one value of the worker's context data, as Nameko's {@code Language()}, {@code UserId()},
 * {@code UserAgent()} and {@code AuthToken()}: {@code @ContextData("language") String language;}. With no key, a
 * {@link WorkerContext} field gets the whole worker context.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(ContextDataProvider.class)
public @interface ContextData {
    /** The context key: {@code auth_token}, {@code language}, {@code user_id}, {@code user_agent} or any other. */
    String value() default "";
}
