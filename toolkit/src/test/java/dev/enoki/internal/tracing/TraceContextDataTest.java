package dev.enoki.internal.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextDataTest {
    private static final Map<String, Object> REST = Map.of("call_id_stack", List.of("a.b.1"), "auth", "token");
    private static final SpanContext PLAIN = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    private static final SpanContext WITH_STATE = SpanContext.create("0af7651916cd43dd8448eb211c80319c",
            "00f067aa0ba902b7", TraceFlags.getDefault(), TraceState.builder().put("vendor", "a").build());

    @Test
    void aSpanIsNamedAsTheW3CPropagatorNamesIt() {
        for (SpanContext ids : List.of(PLAIN, WITH_STATE)) {
            Map<String, Object> expected = new HashMap<>(REST);
            W3CTraceContextPropagator.getInstance().inject(Context.root().with(Span.wrap(ids)), expected, Map::put);

            assertThat(TraceContextData.with(REST, Span.wrap(ids))).isEqualTo(expected);
        }
    }

    @Test
    void anIncomingTraceContextIsReplacedAndItsTraceStateDoesNotOutliveIt() {
        Map<String, Object> incoming = TraceContextData.with(REST, Span.wrap(WITH_STATE));
        Map<String, Object> plainIncoming = new HashMap<>(incoming);

        for (Map<String, Object> received : List.of(incoming, plainIncoming)) {
            Map<String, Object> sent = TraceContextData.with(received, Span.wrap(PLAIN));

            assertThat(sent).containsEntry(TraceContextData.TRACEPARENT, "00-" + PLAIN.getTraceId() + "-"
                    + PLAIN.getSpanId() + "-01").doesNotContainKey(TraceContextData.TRACESTATE);
            assertThat(((TracedContextData) sent).untraced()).isEqualTo(REST);
        }
    }

    @Test
    void theReceiverReadsTheSpanBackAsItsRemoteParent() {
        SpanContext parent = Span.fromContext(TraceContextData.parentOf(TraceContextData.with(REST, Span.wrap(PLAIN))))
                .getSpanContext();

        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo(PLAIN.getTraceId());
        assertThat(parent.getSpanId()).isEqualTo(PLAIN.getSpanId());
        assertThat(parent.isSampled()).isTrue();
    }

    @Test
    void aTransportsTraceparentIsReadAsThePropagatorReadsIt() {
        String traceId = PLAIN.getTraceId();
        String spanId = PLAIN.getSpanId();
        for (String traceparent : List.of("00-" + traceId + "-" + spanId + "-01", "00-" + traceId + "-" + spanId + "-00",
                "00-" + "0".repeat(32) + "-" + spanId + "-01", "00-" + traceId + "-" + "0".repeat(16) + "-01",
                "00-" + traceId + "-" + spanId + "-0g", "01-" + traceId + "-" + spanId + "-01",
                "00-" + traceId + "x" + spanId + "-01", "00-" + traceId.toUpperCase() + "-" + spanId + "-01")) {
            Map<String, Object> plain = Map.of(TraceContextData.TRACEPARENT, traceparent);
            SpanContext expected = Span.fromContext(W3CTraceContextPropagator.getInstance()
                    .extract(Context.root(), plain, MapGetter.INSTANCE)).getSpanContext();

            SpanContext read = Span.fromContext(TraceContextData.parentOf(new TracedContextData(REST, traceparent,
                    null))).getSpanContext();

            assertThat(read).as(traceparent).isEqualTo(expected);
        }
    }

    private enum MapGetter implements io.opentelemetry.context.propagation.TextMapGetter<Map<String, Object>> {
        INSTANCE;

        @Override
        public Iterable<String> keys(Map<String, Object> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, Object> carrier, String key) {
            Object value = carrier.get(key);
            return value == null ? null : value.toString();
        }
    }

    @Test
    void withoutAValidSpanTheDataGoesAsItIs() {
        assertThat(TraceContextData.with(REST, Span.getInvalid())).isSameAs(REST);
    }
}
