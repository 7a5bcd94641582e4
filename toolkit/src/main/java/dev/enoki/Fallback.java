package dev.enoki;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a method of a typed proxy's interface: what answers when the remote call fails with one of {@link #on()}. On a
 * {@code default} method, the remote method of its name is called and the default body answers only on such a
 * failure (a default method without it never calls out); on an abstract method, {@link #method()} names a default
 * method of the interface, with the same parameters and result, that answers instead.
 *
 * <pre>
 * interface PricesApi {
 *     &#64;Fallback                                   // list prices when the prices service cannot answer
 *     default Price price(String sku) { return Price.list(sku); }
 * }
 * </pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Fallback {
    /** The failures it answers for; by default those that say the service could not answer, not what it said. */
    Class<? extends Throwable>[] on() default {RpcTimeout.class, CircuitOpen.class, ServiceBusy.class,
            UnknownService.class, BrokerConnectionLost.class};

    /** On an abstract method: the default method that answers; empty on a default method, which answers itself. */
    String method() default "";
}
