package dev.enoki;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an annotation a dependency: each field carrying it gets a new instance of the named
 * {@link DependencyProvider} class (public, with a no-argument constructor), whose object is injected in every worker.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface DependencyAnnotation {
    Class<? extends DependencyProvider> value();
}
