package dev.enoki.internal.tracing;

import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracing on the embedded event bus: the trace context travels in the call header's context data. */
class EventBusTracingTest extends TracingContract {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    @Override
    protected OpenTelemetryExtension otel() {
        return otel;
    }

    @Override
    protected JsonObject config() {
        return new JsonObject();
    }

    @Override
    protected String messagingSystem() {
        return "vertx_eventbus";
    }
}
