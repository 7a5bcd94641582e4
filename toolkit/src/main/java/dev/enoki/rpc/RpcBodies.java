package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes Nameko's request body {@code {"args": [...], "kwargs": {...}}} and a successful reply body
 * {@code {"result": ..., "error": null}} with one generator, the same bytes the mapper writes for them but without a
 * bean serializer per body: every call writes two of these. Strings, integers and booleans are written directly, any
 * other value by the mapper.
 */
public final class RpcBodies {
    private static final int FIRST_SIZE = 128;

    private RpcBodies() {
    }

    public static Buffer request(List<?> args, Map<String, ?> kwargs) throws IOException {
        if (!plainKeys(kwargs)) {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(new Request(args, kwargs)));
        }
        ByteArrayBuilder out = new ByteArrayBuilder(FIRST_SIZE);
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("args");
            if (args == null) {
                gen.writeNull();
            } else {
                gen.writeStartArray();
                for (Object arg : args) {
                    value(gen, arg);
                }
                gen.writeEndArray();
            }
            gen.writeFieldName("kwargs");
            if (kwargs == null) {
                gen.writeNull();
            } else {
                gen.writeStartObject();
                for (Map.Entry<String, ?> kw : kwargs.entrySet()) {
                    gen.writeFieldName(kw.getKey());
                    value(gen, kw.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        return Buffer.buffer(out.toByteArray());
    }

    public static Buffer reply(Object result) throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder(FIRST_SIZE);
        try (JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeFieldName("result");
            value(gen, result);
            gen.writeNullField("error");
            gen.writeEndObject();
        }
        return Buffer.buffer(out.toByteArray());
    }

    /** Keys the mapper would write as they are; anything else (a null key, a raw map's other keys) goes to it. */
    private static boolean plainKeys(Map<?, ?> kwargs) {
        if (kwargs != null) {
            for (Object key : kwargs.keySet()) {
                if (!(key instanceof String)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void value(JsonGenerator gen, Object value) throws IOException {
        if (value == null) {
            gen.writeNull();
        } else if (value instanceof String s) {
            gen.writeString(s);
        } else if (value instanceof Integer i) {
            gen.writeNumber(i);
        } else if (value instanceof Long l) {
            gen.writeNumber(l);
        } else if (value instanceof Boolean b) {
            gen.writeBoolean(b);
        } else {
            Json.mapper().writeValue(gen, value);
        }
    }

    private record Request(List<?> args, Map<String, ?> kwargs) {
    }
}
