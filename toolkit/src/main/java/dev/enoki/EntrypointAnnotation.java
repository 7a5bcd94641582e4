package dev.enoki;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an annotation an entrypoint: each method carrying it gets a new instance of the named {@link Entrypoint}
 * class (public, with a no-argument constructor), bound to that method.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface EntrypointAnnotation {
    Class<? extends Entrypoint> value();
}
