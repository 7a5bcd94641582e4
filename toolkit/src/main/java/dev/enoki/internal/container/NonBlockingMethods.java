package dev.enoki.internal.container;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * An entrypoint method that returns {@link Future} or {@link CompletionStage} does not block: it runs on the
 * container's event loop, and the value or failure of what it returns is its outcome, as a returned value or a
 * thrown exception is a blocking method's.
 */
public final class NonBlockingMethods {
    private NonBlockingMethods() {
    }

    public static boolean isNonBlocking(Method method) {
        Class<?> type = method.getReturnType();
        return Future.class.isAssignableFrom(type) || CompletionStage.class.isAssignableFrom(type);
    }

    /** The type of the method's outcome: {@code T} of a {@code Future<T>}, else the return type itself. */
    public static Type resultType(Method method) {
        if (!isNonBlocking(method)) {
            return method.getGenericReturnType();
        }
        if (method.getGenericReturnType() instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }

    /** What a non-blocking method returned, as a Vert.x future; {@code null} is a null result. */
    @SuppressWarnings("unchecked")
    public static Future<Object> outcomeOf(Object returned) {
        if (returned == null) {
            return Future.succeededFuture();
        }
        if (returned instanceof Future<?> future) {
            return (Future<Object>) future;
        }
        if (!(returned instanceof CompletionStage<?>)) {
            return Future.succeededFuture(returned);   // a reply a provider gave in the method's place
        }
        Promise<Object> promise = Promise.promise();
        ((CompletionStage<Object>) returned).whenComplete((value, error) -> {
            if (error == null) {
                promise.complete(value);
            } else {
                promise.fail(unwrapped(error));
            }
        });
        return promise.future();
    }

    /** A stage that failed downstream of another wraps the cause; the reply names the cause, as Nameko's would. */
    private static Throwable unwrapped(Throwable error) {
        Throwable e = error;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
