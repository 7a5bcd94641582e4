package dev.enoki.internal.tracing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.enoki.CapturedLogs;
import dev.enoki.testing.ContainerFactory;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static dev.enoki.internal.tracing.TraceAssertions.span;
import static org.assertj.core.api.Assertions.assertThat;

/** Log lines written inside a worker say which call (and, when traced, which trace and span) they belong to. */
class WorkerLogContextTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Test
    void aTracedWorkersLogLineCarriesItsCallIdTraceIdAndSpanId() {
        try (ContainerFactory factory = new ContainerFactory(new JsonObject().put("tracing", true))) {
            factory.start(TracedServices.Back.class);
            factory.start(TracedServices.Front.class);
            factory.client().proxy("traced_front").call("relay", String.class, "tracked");

            SpanData front = span(otel, SpanKind.SERVER, "traced_front/relay");
            Map<String, String> mdc = relayLine().getMDCPropertyMap();
            assertThat(mdc.get(WorkerLogContext.CALL_ID)).isEqualTo(front.getAttributes().get(Tracing.CALL_ID));
            assertThat(mdc.get(WorkerLogContext.TRACE_ID)).isEqualTo(front.getTraceId());
            assertThat(mdc.get(WorkerLogContext.SPAN_ID)).isEqualTo(front.getSpanId());
        }
    }

    @Test
    void withTracingOffNoSpanIsMadeAndTheLogLineStillCarriesItsCallId() {
        try (ContainerFactory factory = new ContainerFactory(new JsonObject())) {
            factory.start(TracedServices.Back.class);
            factory.start(TracedServices.Front.class);
            factory.client().proxy("traced_front").call("relay", String.class, "tracked");

            Map<String, String> mdc = relayLine().getMDCPropertyMap();
            assertThat(mdc.get(WorkerLogContext.CALL_ID)).startsWith("traced_front.relay.");
            assertThat(mdc).doesNotContainKeys(WorkerLogContext.TRACE_ID, WorkerLogContext.SPAN_ID);
            assertThat(otel.getSpans()).isEmpty();
        }
    }

    private ILoggingEvent relayLine() {
        return logs.events().stream().filter(e -> e.getFormattedMessage().equals("relaying tracked"))
                .findFirst().orElseThrow();
    }
}
