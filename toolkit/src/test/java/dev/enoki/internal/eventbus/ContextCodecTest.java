package dev.enoki.internal.eventbus;

import dev.enoki.internal.tracing.TracedContextData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContextCodecTest {
    private static final String PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String OTHER_PARENT = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
    private static final Map<String, Object> REST = Map.of("call_id_stack", List.of("a.b.1"));

    private final ContextCodec codec = new ContextCodec();

    @Test
    void aTracedContextIsWrittenAsThePlainJsonOfItsEntries() {
        for (Map<String, Object> rest : List.of(REST, Map.<String, Object>of())) {
            TracedContextData traced = new TracedContextData(rest, PARENT, null);

            assertThat(codec.encode(traced)).isEqualTo(new JsonObject(new LinkedHashMap<>(traced)).encode());
        }
    }

    @Test
    void aTracedContextWithATraceStateIsWrittenWhole() {
        TracedContextData traced = new TracedContextData(REST, PARENT, "vendor=a\"b");

        String json = codec.encode(traced);

        assertThat(json).isEqualTo(new JsonObject(new LinkedHashMap<>(traced)).encode());
        assertThat(decode(json)).isEqualTo(traced);
    }

    @Test
    void eachCallReadsBackWithItsOwnParentBesideTheSameRest() {
        Map<String, Object> first = decode(codec.encode(new TracedContextData(REST, PARENT, null)));
        Map<String, Object> second = decode(codec.encode(new TracedContextData(REST, OTHER_PARENT, null)));

        assertThat(first).isEqualTo(Map.of("call_id_stack", List.of("a.b.1"), "traceparent", PARENT));
        assertThat(second).isEqualTo(Map.of("call_id_stack", List.of("a.b.1"), "traceparent", OTHER_PARENT));
        assertThat(((TracedContextData) second).untraced()).isSameAs(((TracedContextData) first).untraced());
        assertThat(decode("{\"traceparent\":\"" + PARENT + "\"}")).isEqualTo(Map.of("traceparent", PARENT));
    }

    @Test
    void aTraceparentNotLastOrNotAsWrittenReadsAsPlainJson() {
        for (String json : List.of(
                "{\"traceparent\":\"" + PARENT + "\",\"a\":1}",
                "{\"a\":1,\"traceparent\":\"" + PARENT.toUpperCase() + "\"}",
                "{\"a\":{\"b\":\"x\"},\"traceparent\":\"" + PARENT + "-extra\"}",
                "{\"traceparent\":\"x\",\"traceparent\":\"" + PARENT + "\"}")) {
            assertThat(decode(json)).isEqualTo(new JsonObject(json).getMap());
        }
    }

    @Test
    void aContextThatIsNotAJsonObjectIsStillRefused() {
        assertThatThrownBy(() -> decode("[1,\"traceparent\":\"" + PARENT + "\"}")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> decode("{\"a\":\"b,\"traceparent\":\"" + PARENT + "\"}"))
                .isInstanceOf(RuntimeException.class);
    }

    private Map<String, Object> decode(String json) {
        String header = "0\n" + json + "\nhello";   // read from within a header, as the server reads it
        return codec.decode(header, 2, 2 + json.length());
    }
}
