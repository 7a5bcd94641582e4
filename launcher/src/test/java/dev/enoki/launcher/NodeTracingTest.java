package dev.enoki.launcher;

import dev.enoki.launcher.fixtures.relay.TraceBack;
import dev.enoki.launcher.fixtures.relay.TraceFront;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SDK settings a node adds to the standard ones: its services as the service name, spans only. */
class NodeTracingTest {

    @Test
    void theServiceNameIsTheNodesServicesSorted() {
        assertThat(NodeTracing.serviceName(List.of(TraceFront.class, TraceBack.class))).isEqualTo("trace_back,trace_front");
    }

    @Test
    void aNodeWithoutServicesIsNamedAsItsGateway() {
        assertThat(NodeTracing.serviceName(List.of())).isEqualTo(NodeTracing.GATEWAY_ONLY);
    }

    @Test
    void theNodesServiceNameIsUsedOnlyWhenNoneIsGiven() {
        assertThat(NodeTracing.serviceNameUnlessGiven(DefaultConfigProperties.createFromMap(Map.of()), "orders"))
                .isEqualTo(Map.of("otel.service.name", "orders"));
        assertThat(NodeTracing.serviceNameUnlessGiven(DefaultConfigProperties.createFromMap(
                Map.of("otel.service.name", "shop")), "orders")).isEmpty();
        assertThat(NodeTracing.serviceNameUnlessGiven(DefaultConfigProperties.createFromMap(
                Map.of("otel.resource.attributes", "service.name=shop,team=a")), "orders")).isEmpty();
    }

    @Test
    void metricsAndLogsAreNotExportedUnlessAsked() {
        assertThat(NodeTracing.defaults()).containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none").doesNotContainKey("otel.traces.exporter");
    }

    @Test
    void otlpGoesOverHttpWithProtobufUnlessAnotherProtocolIsAsked() {
        assertThat(NodeTracing.defaults()).containsEntry("otel.exporter.otlp.protocol", "http/protobuf")
                .doesNotContainKey("otel.exporter.otlp.traces.protocol");
    }

    @Test
    void withTracingOffNothingIsInstalled() {
        try (NodeTracing tracing = NodeTracing.install(false, List.of(TraceBack.class))) {
            assertThat(tracing.isOn()).isFalse();
        }
    }
}
