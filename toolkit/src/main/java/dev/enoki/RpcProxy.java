package dev.enoki;

import dev.enoki.internal.rpc.RpcProxyProvider;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects a proxy to another service: a {@link ServiceProxy} field, or a field of a plain Java interface type whose
 * methods are the remote methods (a {@code Future<T>} return type makes a method asynchronous).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@DependencyAnnotation(RpcProxyProvider.class)
public @interface RpcProxy {
    /** The target service name. */
    String value();

    /** Per-proxy call deadline, e.g. {@code "2s"}; empty means the config's {@code rpc_timeout}. */
    String timeout() default "";

    /**
     * Tries in all for each call through this proxy, the first included ({@code 1}: never tried again); {@code 0}
     * means the config's {@code retry.attempts}.
     */
    int attempts() default 0;

    /**
     * At most this many calls in flight through this proxy at once, from all the container's workers; past it a call
     * fails at once with {@link ServiceBusy}, unsent. {@code 0}: no limit; {@code -1} means the config's
     * {@code bulkhead.max_in_flight}.
     */
    int maxInFlight() default -1;
}
