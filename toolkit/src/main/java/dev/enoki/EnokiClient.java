package dev.enoki;

import dev.enoki.internal.events.EventPublisher;
import dev.enoki.internal.rpc.TypedProxy;
import dev.enoki.internal.rpc.UntypedProxy;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.rpc.RpcCaller;
import dev.enoki.transport.Transport;
import dev.enoki.transport.TransportFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Calls services and dispatches events from code outside any container: Nameko's {@code ClusterRpcProxy} and
 * standalone dispatcher. All calls through one client carry one call id, {@code standalone_rpc_proxy.call.<uuid>},
 * plus whatever context data the client was given.
 *
 * <pre>{@code
 * try (EnokiClient client = EnokiClient.connect(config)) {
 *     String greeting = client.proxy("greeting_service").call("hello", String.class, "Matt");
 * }
 * }</pre>
 */
public final class EnokiClient implements AutoCloseable {
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Transport transport;
    private final Map<String, Object> contextData;
    private final Duration timeout;
    private final boolean traced;

    private EnokiClient(Vertx vertx, boolean ownsVertx, Transport transport, Map<String, Object> contextData,
                        Duration timeout, boolean traced) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.transport = transport;
        this.contextData = contextData;
        this.timeout = timeout;
        this.traced = traced;
    }

    /** Connects on a Vert.x instance of its own, closed with the client. Blocks until connected. */
    public static EnokiClient connect(JsonObject config) {
        Vertx vertx = Vertx.vertx();
        try {
            EnokiClient client = Blocking.await(connect(vertx, config, true));
            return client;
        } catch (RuntimeException e) {
            vertx.close();
            throw e;
        }
    }

    /** Connects on the given Vert.x instance, which stays open when the client closes. */
    public static Future<EnokiClient> connect(Vertx vertx, JsonObject config) {
        return connect(vertx, config, false);
    }

    private static Future<EnokiClient> connect(Vertx vertx, JsonObject config, boolean ownsVertx) {
        Transport transport = TransportFactory.forConfig(config)
                .create(vertx, config, RegistryFactory.forVertx(vertx, config), "standalone_rpc_proxy");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(WorkerContext.CALL_ID_STACK, List.of("standalone_rpc_proxy.call." + UUID.randomUUID()));
        EnokiOptions options = EnokiOptions.fromJson(config);
        return transport.start().map(v -> new EnokiClient(vertx, ownsVertx, transport, context, options.rpcTimeout(),
                options.tracing()));
    }

    /** A view of this client whose calls and events also carry {@code data} (auth token, language, ...). */
    public EnokiClient withContextData(Map<String, Object> data) {
        Map<String, Object> merged = new LinkedHashMap<>(contextData);
        merged.putAll(data);
        return new EnokiClient(vertx, false, transport, merged, timeout, traced);
    }

    /** The same client with another default deadline per call. */
    public EnokiClient withTimeout(Duration timeout) {
        return new EnokiClient(vertx, false, transport, contextData, timeout, traced);
    }

    public ServiceProxy proxy(String service) {
        return new UntypedProxy(new RpcCaller(transport, contextData).traced(traced), service, timeout);
    }

    /** A typed proxy: {@code api}'s methods are the service's remote methods. */
    public <T> T proxy(String service, Class<T> api) {
        return TypedProxy.create(api, new RpcCaller(transport, contextData).traced(traced), service, timeout);
    }

    /** Dispatches an event as if {@code source} had. Blocks until the transport has it. */
    public void dispatch(String source, String eventType, Object payload) {
        Blocking.await(dispatchAsync(source, eventType, payload));
    }

    public Future<Void> dispatchAsync(String source, String eventType, Object payload) {
        return new EventPublisher(transport, source, contextData, traced).dispatchAsync(eventType, payload);
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Closes the transport, and the Vert.x instance if the client made it. Blocks. */
    @Override
    public void close() {
        Future<Void> closed = transport.stop();
        if (ownsVertx) {
            closed = closed.eventually(vertx::close);
        }
        Blocking.await(closed.recover(e -> Future.succeededFuture()));
    }
}
