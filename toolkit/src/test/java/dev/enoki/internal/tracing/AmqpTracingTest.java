package dev.enoki.internal.tracing;

import dev.enoki.testsupport.RabbitVhost;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tracing on RabbitMQ: the trace context travels as {@code nameko.traceparent} headers, as Nameko's context data. */
class AmqpTracingTest extends TracingContract {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();
    private static RabbitVhost vhost;

    @BeforeAll
    static void createVhost() {
        vhost = RabbitVhost.create("enoki-tracing-");
    }

    @AfterAll
    static void deleteVhost() {
        vhost.close();
    }

    @Override
    protected OpenTelemetryExtension otel() {
        return otel;
    }

    @Override
    protected JsonObject config() {
        return new JsonObject().put("AMQP_URI", vhost.uri());
    }

    @Override
    protected String messagingSystem() {
        return "rabbitmq";
    }
}
