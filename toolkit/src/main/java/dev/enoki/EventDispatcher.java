package dev.enoki;

import dev.enoki.internal.events.DispatcherProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects a {@link Dispatcher} that publishes events as this service. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(DispatcherProvider.class)
public @interface EventDispatcher {
}
