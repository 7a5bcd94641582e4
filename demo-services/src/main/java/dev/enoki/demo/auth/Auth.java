package dev.enoki.demo.auth;

import dev.enoki.DependencyAnnotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Injects an {@link Authenticator} for the current worker: a custom dependency, as Nameko's auth example. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(AuthProvider.class)
public @interface Auth {
}
