package dev.enoki.gateway;

import dev.enoki.MalformedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallBodyTest {
    private static final int DEPTH = 4;

    private static JsonObject request(String body) {
        return new JsonObject(CallBody.toRequest(Buffer.buffer(body), DEPTH));
    }

    private static JsonObject expected(JsonArray args, JsonObject kwargs) {
        return new JsonObject().put("args", args).put("kwargs", kwargs);
    }

    @Test
    void arrayIsPositionalArgumentsAsSent() {
        assertThat(request(" [\"Matt\", 12345678901234567890, {\"a\": [1.5e3]}] "))
                .isEqualTo(expected(new JsonArray("[\"Matt\", 12345678901234567890, {\"a\": [1.5e3]}]"), new JsonObject()));
    }

    @Test
    void objectIsKeywordArguments() {
        assertThat(request("{\"name\": \"Matt\", \"times\": 2}"))
                .isEqualTo(expected(new JsonArray(), new JsonObject().put("name", "Matt").put("times", 2)));
    }

    @Test
    void explicitFormGivesBoth() {
        assertThat(request("{\"args\": [1], \"kwargs\": {\"b\": 2}}"))
                .isEqualTo(expected(new JsonArray().add(1), new JsonObject().put("b", 2)));
        assertThat(request("{\"kwargs\": {\"b\": 2}}")).isEqualTo(expected(new JsonArray(), new JsonObject().put("b", 2)));
    }

    @Test
    void objectWithAnArgsKeyThatIsNotTheExplicitFormIsKeywordArguments() {
        assertThat(request("{\"args\": 5, \"other\": true}"))
                .isEqualTo(expected(new JsonArray(), new JsonObject().put("args", 5).put("other", true)));
    }

    @Test
    void emptyOrNullBodyIsNoArguments() {
        assertThat(request("")).isEqualTo(expected(new JsonArray(), new JsonObject()));
        assertThat(request("  null ")).isEqualTo(expected(new JsonArray(), new JsonObject()));
        assertThat(new JsonObject(CallBody.toRequest(null, DEPTH))).isEqualTo(expected(new JsonArray(), new JsonObject()));
    }

    @Test
    void byteOrderMarkIsReadAndNotPassedOn() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Buffer body = Buffer.buffer(bom).appendString("[\"x\"]");
        assertThat(new JsonObject(CallBody.toRequest(body, DEPTH))).isEqualTo(expected(new JsonArray().add("x"), new JsonObject()));
    }

    @Test
    void anythingButOneArrayOrObjectIsMalformed() {
        for (String bad : new String[] {"\"Matt\"", "42", "[1, 2", "{\"a\": }", "[1] [2]", "[1] x", "{} garbage"}) {
            assertThatThrownBy(() -> request(bad)).as(bad).isInstanceOf(MalformedRequest.class);
        }
    }

    @Test
    void badUtf8InAStringIsMalformed() {
        Buffer body = Buffer.buffer("[\"".getBytes(StandardCharsets.UTF_8)).appendBytes(new byte[] {(byte) 0xC3, 0x28})
                .appendString("\"]");
        assertThatThrownBy(() -> CallBody.toRequest(body, DEPTH)).isInstanceOf(MalformedRequest.class);
    }

    @Test
    void deeperThanTheLimitIsMalformed() {
        assertThat(request("[[[[1]]]]").getJsonArray("args")).hasSize(1);
        assertThatThrownBy(() -> request("[[[[[1]]]]]")).isInstanceOf(MalformedRequest.class)
                .hasMessageContaining("deeper than 4");
        assertThatThrownBy(() -> request("{\"a\": {\"b\": {\"c\": {\"d\": {}}}}}")).isInstanceOf(MalformedRequest.class);
    }
}
