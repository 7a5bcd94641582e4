package dev.enoki.internal.rpc;

import com.fasterxml.jackson.databind.JavaType;
import dev.enoki.Blocking;
import dev.enoki.RemoteError;
import dev.enoki.json.Json;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.rpc.RpcCaller;
import io.vertx.core.Future;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plain Java interface as a proxy to a service: each abstract method is the remote method of its name, called
 * with its arguments in order. A {@code Future<T>} return type makes the call asynchronous. A remote exception whose
 * path names an exception the interface method declares is rethrown as that exception.
 */
public final class TypedProxy implements InvocationHandler {
    private final RpcCaller caller;
    private final String service;
    private final Duration timeout;

    private TypedProxy(RpcCaller caller, String service, Duration timeout) {
        this.caller = caller;
        this.service = service;
        this.timeout = timeout;
    }

    public static <T> T create(Class<T> api, RpcCaller caller, String service, Duration timeout) {
        if (!api.isInterface()) {
            throw new IllegalArgumentException(api.getName() + " is not an interface");
        }
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[]{api},
                new TypedProxy(caller, service, timeout)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "TypedProxy(" + service + ")";
                case "hashCode" -> System.identityHashCode(proxy);
                default -> proxy == args[0];
            };
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        List<Object> arguments = args == null ? List.of() : Arrays.asList(args);
        Future<io.vertx.core.buffer.Buffer> reply = caller.send(service, method.getName(), arguments, Map.of(), timeout,
                declaredErrors(method));
        if (method.getReturnType() == Future.class) {
            JavaType type = Json.type(futureResultType(method));
            return reply.map(body -> ReplyBody.result(body, type));
        }
        try {
            return ReplyBody.result(Blocking.await(reply), Json.type(method.getGenericReturnType()));
        } catch (RemoteError e) {
            throw declaredOrSelf(method, e);
        }
    }

    /** The exceptions the method declares, by class name as a Nameko error dict's {@code exc_path} gives them. */
    private static Set<String> declaredErrors(Method method) {
        Class<?>[] declared = method.getExceptionTypes();
        if (declared.length == 0) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        for (Class<?> type : declared) {
            names.add(type.getName());
        }
        return names;
    }

    private static Type futureResultType(Method method) {
        return method.getGenericReturnType() instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
    }

    private static Throwable declaredOrSelf(Method method, RemoteError error) {
        for (Class<?> declared : method.getExceptionTypes()) {
            if (declared.getName().equals(error.excPath())) {
                try {
                    return (Throwable) declared.getConstructor(String.class).newInstance(error.value());
                } catch (ReflectiveOperationException | RuntimeException ignored) {
                    return error;
                }
            }
        }
        return error;
    }
}
