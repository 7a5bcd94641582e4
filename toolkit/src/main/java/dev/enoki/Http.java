package dev.enoki;

import dev.enoki.internal.http.HttpEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Serves the method on the node's web server ({@code WEB_SERVER_ADDRESS}, default {@code 0.0.0.0:8000}), shared by
 * every container on the same Vert.x instance.
 *
 * <p>Parameters bind by name: a parameter named like a path variable ({@code :id}) takes it; a parameter named
 * {@code body} takes the request body as {@code String}, {@code byte[]} or JSON bound to its type; a parameter of
 * type {@link HttpRequest} takes the whole request; any other parameter takes the query parameter of its name
 * ({@code Optional} when it may be absent). The method returns a body ({@code String} is text, {@code byte[]} is
 * bytes, anything else is JSON; {@code void} is 204) or an {@link HttpResponse} for a status and headers.
 *
 * <pre>{@code
 * @Http(method = "GET", path = "/orders/:id")
 * public Order get(long id) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(HttpEntrypoint.class)
public @interface Http {
    /** One method or several separated by commas: {@code "GET,POST"}. */
    String method() default "GET";

    /** A vertx-web path: {@code /orders/:id}. */
    String path();

    /** Exceptions that are the caller's fault: answered with 400 and logged as warnings. */
    Class<? extends Throwable>[] expectedExceptions() default {};

    /** Argument names (or dotted paths into them) never to be logged. */
    String[] sensitiveArguments() default {};
}
