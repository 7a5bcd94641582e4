package dev.enoki;

import dev.enoki.internal.rpc.RpcEntrypoint;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Exposes a method as a remote procedure: {@code <service>.<method>}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@EntrypointAnnotation(RpcEntrypoint.class)
public @interface Rpc {
    /** Exceptions that are the caller's fault: logged as warnings, not failures. */
    Class<? extends Throwable>[] expectedExceptions() default {};

    /** Argument names (or dotted paths into them) never to be logged: {@code "password"}, {@code "card.number"}. */
    String[] sensitiveArguments() default {};

    /**
     * Effects at most once per request, for a service that keeps its state through a dependency that honours it
     * (such as {@code @Database}): a request delivered again is answered with the reply recorded the first time.
     */
    boolean exactlyOnce() default false;

    /**
     * Running the method twice with the same arguments does no more than running it once. Published in the
     * registry, so its callers also retry it after a timeout or a lost reply, within the call's deadline.
     */
    boolean idempotent() default false;
}
