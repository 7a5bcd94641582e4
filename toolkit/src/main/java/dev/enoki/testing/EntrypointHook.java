package dev.enoki.testing;

import dev.enoki.Blocking;
import dev.enoki.Entrypoint;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerArguments;
import dev.enoki.json.Json;
import io.vertx.core.Future;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * Fires an entrypoint of a running container directly, through a real worker with its real dependencies, and
 * returns what the method returned (or throws what it threw) once the worker is torn down: Nameko's
 * {@code entrypoint_hook}. Arguments are bound to the method's parameter types as an RPC's would be.
 */
public final class EntrypointHook {
    private EntrypointHook() {
    }

    public static Object call(ServiceContainer container, String method, Object... args) {
        return Blocking.await(callAsync(container, method, Map.of(), args));
    }

    /** The same, with context data as if it had come with a call: auth token, language, call id stack... */
    public static Object callWithContext(ServiceContainer container, String method, Map<String, Object> contextData,
                                         Object... args) {
        return Blocking.await(callAsync(container, method, contextData, args));
    }

    public static Future<Object> callAsync(ServiceContainer container, String method, Map<String, Object> contextData,
                                           Object... args) {
        Entrypoint entrypoint = container.entrypoints().stream()
                .filter(e -> e.method().getName().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(container.serviceName() + " has no entrypoint on "
                        + method));
        return container.spawnWorker(entrypoint, converted(args), contextData);
    }

    private static WorkerArguments converted(Object[] args) {
        return (Method method) -> {
            Object[] bound = WorkerArguments.of(args).bind(method);
            Type[] types = method.getGenericParameterTypes();
            for (int i = 0; i < bound.length; i++) {
                bound[i] = Json.mapper().convertValue(bound[i], Json.type(types[i]));
            }
            return bound;
        };
    }
}
