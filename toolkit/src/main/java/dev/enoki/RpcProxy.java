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
}
