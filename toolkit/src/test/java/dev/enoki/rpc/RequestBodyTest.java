package dev.enoki.rpc;

import dev.enoki.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyTest {
    private record Request(List<?> args, Map<String, ?> kwargs) {
    }

    private record Reply(Object result, Object error) {
    }

    private record Item(String name, int count) {
    }

    @Test
    void requestBodiesAreTheBytesTheMapperWrites() throws Exception {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("item", new Item("tea \"green\"\n", 3));
        kwargs.put("when", Instant.parse("2026-11-28T10:00:00Z"));
        kwargs.put("none", null);
        List<?> args = Arrays.asList("Matt", 7, 9_000_000_000L, true, 2.5, null, Optional.of("x"), List.of(1, "é"));
        for (Map<String, ?> kw : List.of(kwargs, Map.<String, Object>of())) {
            assertThat(RequestBody.of(args, kw).toString())
                    .isEqualTo(new String(Json.mapper().writeValueAsBytes(new Request(args, kw)), "UTF-8"));
        }
        Map<Object, Object> oddKeys = new LinkedHashMap<>();
        oddKeys.put(1, "one");
        @SuppressWarnings("unchecked")
        Map<String, ?> raw = (Map<String, ?>) (Map<?, ?>) oddKeys;
        assertThat(Outcome.of(() -> RequestBody.of(List.of(), raw)))
                .isEqualTo(Outcome.of(() -> Json.mapper().writeValueAsBytes(new Request(List.of(), raw))));
    }

    @Test
    void replyBodiesAreTheBytesTheMapperWrites() throws Exception {
        for (Object result : Arrays.asList("Hello, Matt!", 42, -1L, false, null, new Item("tea", 1), List.of("a"))) {
            assertThat(ReplyBody.of(result).toString())
                    .isEqualTo(new String(Json.mapper().writeValueAsBytes(new Reply(result, null)), "UTF-8"));
        }
    }

    /** A method whose parameters Python callers name in snake case. */
    public static String profile(String fullName, int userAge) {
        return fullName + userAge;
    }

    @Test
    void keywordsInPythonSpellingBindJavaParameters() throws Exception {
        var method = RequestBodyTest.class.getMethod("profile", String.class, int.class);
        byte[] python = "{\"args\": [], \"kwargs\": {\"full_name\": \"Ann\", \"user_age\": 7}}".getBytes("UTF-8");
        byte[] java = "{\"args\": [], \"kwargs\": {\"fullName\": \"Ann\", \"userAge\": 7}}".getBytes("UTF-8");
        assertThat(RequestBody.bind(io.vertx.core.buffer.Buffer.buffer(python), method)).containsExactly("Ann", 7);
        assertThat(RequestBody.bind(io.vertx.core.buffer.Buffer.buffer(java), method)).containsExactly("Ann", 7);
    }
}
