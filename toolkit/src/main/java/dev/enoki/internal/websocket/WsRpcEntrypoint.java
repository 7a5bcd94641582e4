package dev.enoki.internal.websocket;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.WorkerArguments;
import dev.enoki.WsRpc;
import dev.enoki.internal.schema.TypeSchemas;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.rpc.RequestBody;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code @WsRpc}: the method answers calls of that name from the websocket clients of the node's web server. Each
 * call runs in a worker like any other entrypoint; the socket id is its first argument.
 */
public final class WsRpcEntrypoint extends AbstractEntrypoint<WsRpc> {
    /** The record's list of websocket methods and the node server that serves them. */
    public static final String RECORD_KEY = "websocket";

    private WebSocketLease lease;

    public WsRpcEntrypoint() {
        super(WsRpc.class, WsRpc::expectedExceptions, WsRpc::sensitiveArguments);
    }

    @Override
    public Future<Void> setup() {
        if (method.getParameterCount() == 0 || method.getParameterTypes()[0] != String.class) {
            return Future.failedFuture(new ConfigurationError("@WsRpc on " + method.getName()
                    + ": the first parameter takes the socket id, a String"));
        }
        lease = container.shared(WebSocketLease.class, () -> new WebSocketLease(container));
        lease.register(this);
        return TypeSchemas.prepare(container.vertx(), List.of(method.getGenericParameterTypes()));
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        record.addExtra(RECORD_KEY, new JsonObject().put("method", method.getName())
                .put("path", WebSocketEndpoint.PATH).put("address", lease.advertisedAddress()));
    }

    String name() {
        return method.getName();
    }

    /** Runs the call in a worker; the future holds the answer frame, a success or an error, and never fails. */
    Future<String> call(String socketId, WsFrames.Call call, Map<String, Object> contextData) {
        WorkerArguments arguments = m -> RequestBody.bind(call.body(socketId), m);
        return container.<String>spawnWorker(this, arguments, new HashMap<>(contextData),
                        (worker, result, error) -> error != null ? WsFrames.error(error, call.correlationId())
                                : WsFrames.result(result, call.correlationId()))
                .recover(e -> Future.succeededFuture(WsFrames.error(e, call.correlationId())));
    }
}
