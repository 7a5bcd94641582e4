package dev.enoki.internal.rpc;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.Blocking;
import dev.enoki.ConfigurationError;
import dev.enoki.Fallback;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.json.Json;
import dev.enoki.rpc.ErrorDict;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A plain Java interface as a proxy to a service: each abstract method is the remote method of its name, called
 * with its arguments in order. A {@code Future<T>} return type makes the call asynchronous. A remote exception whose
 * path names an exception the interface method declares is rethrown as that exception.
 */
public final class TypedProxy implements InvocationHandler {
    /** Read once per method, not on every call. */
    private static final Map<Method, Set<String>> DECLARED_ERRORS = new ConcurrentHashMap<>();
    /** {@code service.javaName} of the methods whose service answers to their Python name only (a Nameko service). */
    private static final Set<String> PYTHON_NAMED = ConcurrentHashMap.newKeySet();

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
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "TypedProxy(" + service + ")";
                case "hashCode" -> System.identityHashCode(proxy);
                default -> proxy == args[0];
            };
        }
        Method fallback = fallbackOf(method);
        if (method.isDefault() && fallback == null) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (fallback == null) {
            return callRemote(method, args);
        }
        Class<? extends Throwable>[] on = method.getAnnotation(Fallback.class).on();
        if (method.getReturnType() == Future.class) {
            Future<Object> remote = (Future<Object>) callRemote(method, args);
            return remote.recover(e -> answersFor(on, e) ? fallBack(proxy, fallback, args) : Future.failedFuture(e));
        }
        try {
            return callRemote(method, args);
        } catch (Throwable e) {
            if (answersFor(on, e)) {
                return InvocationHandler.invokeDefault(proxy, fallback, args);
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static Future<Object> fallBack(Object proxy, Method fallback, Object[] args) {
        try {
            return (Future<Object>) InvocationHandler.invokeDefault(proxy, fallback, args);
        } catch (Throwable t) {
            return Future.failedFuture(t);
        }
    }

    private Object callRemote(Method method, Object[] args) throws Throwable {
        List<Object> arguments = args == null ? List.of() : Arrays.asList(args);
        Future<io.vertx.core.buffer.Buffer> reply = send(method, arguments);
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

    /**
     * Sends the call under the method's Java name; when the service has no such method but the name has a Python
     * spelling ({@code appendIdentifier}, {@code append_identifier}), as a Nameko service would name it, the call goes
     * again under that one, which is then used for that service's method from the first. A method not found was not
     * run, so sending again is safe.
     */
    private Future<io.vertx.core.buffer.Buffer> send(Method method, List<Object> arguments) {
        String javaName = method.getName();
        String pythonName = PythonNames.of(javaName);
        String key = service + "." + javaName;
        if (PYTHON_NAMED.contains(key)) {
            return caller.send(service, pythonName, arguments, Map.of(), timeout, declaredErrors(method));
        }
        Future<io.vertx.core.buffer.Buffer> reply = caller.send(service, javaName, arguments, Map.of(), timeout,
                declaredErrors(method));
        if (pythonName.equals(javaName)) {
            return reply;
        }
        return reply.compose(body -> !methodNotFound(body) ? Future.succeededFuture(body)
                : caller.send(service, pythonName, arguments, Map.of(), timeout, declaredErrors(method))
                .onSuccess(again -> {
                    if (!methodNotFound(again)) {
                        PYTHON_NAMED.add(key);
                    }
                }));
    }

    private static boolean methodNotFound(io.vertx.core.buffer.Buffer reply) {
        JsonNode error = ReplyBody.errorOf(reply);
        return error != null && ErrorDict.pathOf(MethodNotFound.class).equals(error.path("exc_path").asText());
    }

    /**
     * The default method that answers for {@code method} when its call fails: itself for a {@link Fallback} default
     * method, the one it names for a {@link Fallback} abstract one; null without {@link Fallback}.
     */
    private static Method fallbackOf(Method method) {
        Fallback fallback = method.getAnnotation(Fallback.class);
        if (fallback == null) {
            return null;
        }
        if (method.isDefault()) {
            return method;
        }
        try {
            return method.getDeclaringClass().getMethod(fallback.method(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            throw new ConfigurationError(misnamed(method));
        }
    }

    /**
     * Null when every {@link Fallback} of {@code api} can answer: on an abstract method it names a default method of
     * the interface with the same parameters and result; else what is wrong, for the container to refuse to start.
     */
    public static String checkFallbacks(Class<?> api) {
        for (Method method : api.getMethods()) {
            Fallback fallback = method.getAnnotation(Fallback.class);
            if (fallback == null || method.isDefault()) {
                continue;
            }
            try {
                Method named = api.getMethod(fallback.method(), method.getParameterTypes());
                if (!named.isDefault() || !named.getGenericReturnType().equals(method.getGenericReturnType())) {
                    return misnamed(method);
                }
            } catch (NoSuchMethodException e) {
                return misnamed(method);
            }
        }
        return null;
    }

    private static String misnamed(Method method) {
        return "@Fallback on " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
                + " must name a default method of the interface with the same parameters and result, not '"
                + method.getAnnotation(Fallback.class).method() + "'";
    }

    private static boolean answersFor(Class<? extends Throwable>[] on, Throwable error) {
        for (Class<? extends Throwable> type : on) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** The exceptions the method declares, by class name as a Nameko error dict's {@code exc_path} gives them. */
    private static Set<String> declaredErrors(Method method) {
        return DECLARED_ERRORS.computeIfAbsent(method, m -> Arrays.stream(m.getExceptionTypes()).map(Class::getName)
                .collect(Collectors.toUnmodifiableSet()));
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
