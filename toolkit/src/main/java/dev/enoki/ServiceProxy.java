package dev.enoki;

import io.vertx.core.Future;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An untyped proxy to a service. The blocking forms are for worker threads and plain threads; on an event loop use
 * the {@code Async} forms. Results are bound with Jackson to the type asked for; a remote failure is thrown as
 * {@link RemoteError}, or as the local class for Enoki's own errors.
 */
public interface ServiceProxy {

    /** The target service. */
    String service();

    /** Calls with positional arguments; the result as plain JSON values (maps, lists, strings, numbers). */
    Object call(String method, Object... args);

    <T> T call(String method, Class<T> resultType, Object... args);

    /** Calls with positional and keyword arguments; {@code resultType} may be generic, e.g. a {@code List<Item>}. */
    <T> T callWithKwargs(String method, Type resultType, List<?> args, Map<String, ?> kwargs);

    Future<Object> callAsync(String method, Object... args);

    <T> Future<T> callAsync(String method, Class<T> resultType, Object... args);

    <T> Future<T> callWithKwargsAsync(String method, Type resultType, List<?> args, Map<String, ?> kwargs);

    /** The same proxy with another deadline for each call. */
    ServiceProxy withTimeout(Duration timeout);
}
