package dev.enoki.internal.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Tracer;

/**
 * The toolkit's spans: made through {@link GlobalOpenTelemetry}, which the launcher fills with its SDK before any
 * service starts. Nothing here is touched unless the {@code tracing} option is on, so that
 * {@code GlobalOpenTelemetry} is never read (and fixed to a no-op) in a process that does not trace.
 */
public final class Tracing {
    public static final String INSTRUMENTATION = "dev.enoki";
    /** The worker's call id on its own spans; on a client or producer span, the id of the worker that sent it. */
    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("enoki.call_id");
    public static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("enoki.transport");
    public static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    public static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    public static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> ROUTING_KEY =
            AttributeKey.stringKey("messaging.rabbitmq.destination.routing_key");
    public static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
    public static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    public static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    public static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    /** Nameko's wire protocol is what both sides speak, whichever transport carries it. */
    public static final String RPC_SYSTEM_NAMEKO = "nameko";

    /** The tracer of the SDK it came from; checked against the global one on each use, as a test may swap it. */
    private static volatile Source source = new Source(null, null);

    private record Source(OpenTelemetry openTelemetry, Tracer tracer) {
    }

    private Tracing() {
    }

    /** The global SDK's tracer, kept while that SDK stays the global one. */
    public static Tracer tracer() {
        OpenTelemetry global = GlobalOpenTelemetry.get();
        Source current = source;
        if (current.openTelemetry() != global) {
            current = new Source(global, global.getTracer(INSTRUMENTATION));
            source = current;
        }
        return current.tracer();
    }

    /** The {@code messaging.system} of a transport: {@code rabbitmq}, or the Vert.x event bus. */
    public static String messagingSystem(String transport) {
        return "amqp".equals(transport) ? "rabbitmq" : "vertx_eventbus";
    }
}
