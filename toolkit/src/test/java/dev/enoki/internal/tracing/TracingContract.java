package dev.enoki.internal.tracing;

import dev.enoki.RemoteError;
import dev.enoki.testing.ContainerFactory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.tracing.TraceAssertions.isChildOf;
import static dev.enoki.internal.tracing.TraceAssertions.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What tracing promises on every transport, run once per transport by a subclass: a call from a client through a
 * service to another and the event it dispatches are one trace, each hop the child of the one that caused it, with
 * the conventions' attributes; errors carry their Nameko type on both sides.
 */
abstract class TracingContract {
    private ContainerFactory factory;

    /** Each subclass's own in-memory SDK: the extension shuts its SDK down after the class that registered it. */
    protected abstract OpenTelemetryExtension otel();

    /** The config that picks the transport; the tests add {@code tracing: true}. */
    protected abstract JsonObject config();

    /** The {@code messaging.system} events on this transport are named with. */
    protected abstract String messagingSystem();

    @BeforeEach
    void startServices() {
        factory = new ContainerFactory(config().put("tracing", true));
        factory.start(TracedServices.Back.class);
        factory.start(TracedServices.Front.class);
        TracedServices.RELAYED.clear();
    }

    @AfterEach
    void stopServices() {
        factory.close();
    }

    @Test
    void aCallThroughTwoServicesIsOneTraceEachHopTheChildOfItsCaller() {
        assertThat(factory.client().proxy("traced_front").call("relay", String.class, "hi")).isEqualTo("hi");

        SpanData clientCall = span(otel(), SpanKind.CLIENT, "traced_front/relay");
        SpanData front = span(otel(), SpanKind.SERVER, "traced_front/relay");
        SpanData frontCall = span(otel(), SpanKind.CLIENT, "traced_back/echo");
        SpanData back = span(otel(), SpanKind.SERVER, "traced_back/echo");
        assertThat(clientCall.getParentSpanContext().isValid()).isFalse();
        assertThat(isChildOf(front, clientCall)).isTrue();
        assertThat(isChildOf(frontCall, front)).isTrue();
        assertThat(isChildOf(back, frontCall)).isTrue();

        assertThat(back.getAttributes().get(Tracing.RPC_SYSTEM)).isEqualTo("nameko");
        assertThat(back.getAttributes().get(Tracing.RPC_SERVICE)).isEqualTo("traced_back");
        assertThat(back.getAttributes().get(Tracing.RPC_METHOD)).isEqualTo("echo");
        assertThat(back.getAttributes().get(Tracing.CALL_ID)).startsWith("traced_back.echo.");
        assertThat(frontCall.getAttributes().get(Tracing.CALL_ID))
                .isEqualTo(front.getAttributes().get(Tracing.CALL_ID));
        assertThat(back.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }

    @Test
    void anEventIsDispatchedInAProducerSpanAndHandledInItsChild() throws InterruptedException {
        factory.client().proxy("traced_front").call("relay", String.class, "hi");
        assertThat(TracedServices.RELAYED.poll(15, TimeUnit.SECONDS)).isEqualTo("hi");

        SpanData front = span(otel(), SpanKind.SERVER, "traced_front/relay");
        SpanData publish = span(otel(), SpanKind.PRODUCER, "publish traced_front.relayed");
        SpanData process = span(otel(), SpanKind.CONSUMER, "process traced_front.relayed");
        assertThat(isChildOf(publish, front)).isTrue();
        assertThat(isChildOf(process, publish)).isTrue();
        for (SpanData event : new SpanData[]{publish, process}) {
            assertThat(event.getAttributes().get(Tracing.MESSAGING_SYSTEM)).isEqualTo(messagingSystem());
            assertThat(event.getAttributes().get(Tracing.MESSAGING_DESTINATION)).isEqualTo("traced_front.events");
            assertThat(event.getAttributes().get(Tracing.ROUTING_KEY)).isEqualTo("relayed");
        }
        assertThat(publish.getAttributes().get(Tracing.MESSAGING_OPERATION_TYPE)).isEqualTo("publish");
        assertThat(process.getAttributes().get(Tracing.MESSAGING_OPERATION_TYPE)).isEqualTo("process");
        assertThat(process.getAttributes().get(Tracing.CALL_ID)).startsWith("traced_back.onRelayed.");
    }

    @Test
    void anErrorIsRecordedUnderItsNamekoTypeOnEverySpanItPassesThrough() {
        assertThatThrownBy(() -> factory.client().proxy("traced_front").call("brew"))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.value()).contains("OutOfTea"));

        SpanData back = span(otel(), SpanKind.SERVER, "traced_back/brew");
        SpanData frontCall = span(otel(), SpanKind.CLIENT, "traced_back/brew");
        SpanData front = span(otel(), SpanKind.SERVER, "traced_front/brew");
        SpanData clientCall = span(otel(), SpanKind.CLIENT, "traced_front/brew");
        for (SpanData failed : new SpanData[]{back, frontCall}) {
            assertFailedWith(failed, "OutOfTea", TracedServices.OutOfTea.class.getName());
        }
        // The front passes the error on as Nameko does: a RemoteError that names it
        for (SpanData failed : new SpanData[]{front, clientCall}) {
            assertFailedWith(failed, "RemoteError", "nameko.exceptions.RemoteError");
        }
    }

    private static void assertFailedWith(SpanData span, String type, String path) {
        assertThat(span.getStatus().getStatusCode()).as(span.getName()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(Tracing.ERROR_TYPE)).as(span.getName()).isEqualTo(type);
        EventData exception = span.getEvents().stream().filter(e -> e.getName().equals("exception"))
                .findFirst().orElseThrow();
        assertThat(exception.getAttributes().asMap().values()).as(span.getName()).contains(path);
        assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message"))).contains("no tea left");
    }
}
