package dev.enoki.httpclient;

import dev.enoki.DependencyAnnotation;
import dev.enoki.httpclient.internal.HttpClientProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects an {@link ExternalApi} for one HTTP API: each request goes to a path under the base URL with the worker's
 * call id stack ({@code X-Enoki-Call-Id}) and its trace context ({@code traceparent}, when tracing is on), and times
 * out at the worker's deadline at the latest.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(HttpClientProvider.class)
public @interface HttpClient {
    /**
     * The API's base URL, {@code https://api.example.com/v1}; {@code ${VAR}} and {@code ${VAR:default}} are taken from
     * a top-level key of the config, else from the environment: {@code "${RATES_URL}"}.
     */
    String value();

    /** The longest a request may take, e.g. {@code "5s"}; empty means the config's {@code rpc_timeout}. */
    String timeout() default "";
}
