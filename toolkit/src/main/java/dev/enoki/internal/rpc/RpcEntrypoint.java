package dev.enoki.internal.rpc;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.Rpc;
import dev.enoki.internal.container.NonBlockingMethods;
import dev.enoki.internal.schema.TypeSchemas;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Future;

import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** {@code @Rpc}: the method answers {@code <service>.<method>} calls through the container's one {@link RpcServer}. */
public final class RpcEntrypoint extends AbstractEntrypoint<Rpc> {

    public RpcEntrypoint() {
        super(Rpc.class, Rpc::expectedExceptions, Rpc::sensitiveArguments);
    }

    @Override
    public Future<Void> setup() {
        container.shared(RpcServer.class, () -> new RpcServer(container)).register(this);
        List<Type> types = new ArrayList<>(List.of(method.getGenericParameterTypes()));
        types.add(NonBlockingMethods.resultType(method));
        return TypeSchemas.prepare(container.vertx(), types);
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        List<ServiceRecord.Parameter> params = new ArrayList<>();
        for (Parameter p : method.getParameters()) {
            params.add(new ServiceRecord.Parameter(p.getName(), p.getParameterizedType().getTypeName()));
            TypeSchemas.describe(record, p.getParameterizedType());
        }
        Type result = NonBlockingMethods.resultType(method);   // a Future<T>'s callers receive a T
        TypeSchemas.describe(record, result);
        record.method(new ServiceRecord.RpcMethod(method.getName(), List.copyOf(params), result.getTypeName(),
                annotation.idempotent()));
    }
}
