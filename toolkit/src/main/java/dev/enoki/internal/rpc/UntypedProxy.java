package dev.enoki.internal.rpc;

import com.fasterxml.jackson.databind.JavaType;
import dev.enoki.Blocking;
import dev.enoki.ServiceProxy;
import dev.enoki.json.Json;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.rpc.RpcCaller;
import io.vertx.core.Future;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@link ServiceProxy} on an {@link RpcCaller}. */
public final class UntypedProxy implements ServiceProxy {
    private final RpcCaller caller;
    private final String service;
    private final Duration timeout;

    public UntypedProxy(RpcCaller caller, String service, Duration timeout) {
        this.caller = caller;
        this.service = service;
        this.timeout = timeout;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public Object call(String method, Object... args) {
        return call(method, Object.class, args);
    }

    @Override
    public <T> T call(String method, Class<T> resultType, Object... args) {
        return callWithKwargs(method, resultType, Arrays.asList(args), Map.of());
    }

    @Override
    public <T> T callWithKwargs(String method, Type resultType, List<?> args, Map<String, ?> kwargs) {
        return ReplyBody.result(Blocking.await(caller.send(service, method, args, kwargs, timeout)), Json.type(resultType));
    }

    @Override
    public Future<Object> callAsync(String method, Object... args) {
        return callAsync(method, Object.class, args);
    }

    @Override
    public <T> Future<T> callAsync(String method, Class<T> resultType, Object... args) {
        return callWithKwargsAsync(method, resultType, Arrays.asList(args), Map.of());
    }

    @Override
    public <T> Future<T> callWithKwargsAsync(String method, Type resultType, List<?> args, Map<String, ?> kwargs) {
        JavaType type = Json.type(resultType);
        return caller.send(service, method, args, kwargs, timeout).map(reply -> ReplyBody.result(reply, type));
    }

    @Override
    public ServiceProxy withTimeout(Duration timeout) {
        return new UntypedProxy(caller, service, timeout);
    }

    @Override
    public String toString() {
        return "ServiceProxy(" + service + ")";
    }
}
