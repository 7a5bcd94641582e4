package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

/**
 * Nameko's request body, {@code {"args": [...], "kwargs": {...}}}: the one place that writes it for a caller and
 * binds it to a method's parameters for a server.
 *
 * <p>Writing uses one generator and gives the bytes the mapper writes for such a body, without a bean serializer per
 * call. Binding reads the usual well-formed body straight from the parser and falls back to a JSON tree for anything
 * unusual, so each mistake gets Python's own error.
 */
public final class RequestBody {
    private static final int FIRST_SIZE = 128;

    private RequestBody() {
    }

    /** The body of a call; fails when an argument cannot be written as JSON. */
    public static Buffer of(List<?> args, Map<String, ?> kwargs) throws IOException {
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
                    ScalarValues.write(gen, arg);
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
                    ScalarValues.write(gen, kw.getValue());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
        return Buffer.buffer(out.toByteArray());
    }

    /**
     * The body's arguments bound to {@code method}'s parameters by position and by name, with Python's rules: too
     * many positional arguments, unknown or repeated names, missing parameters and values of the wrong type are an
     * {@link IncorrectSignature}; an {@code Optional} parameter may be left out. A body that is not such an object is
     * a {@link MalformedRequest}.
     */
    public static Object[] bind(Buffer body, Method method) {
        return ArgumentBinding.of(method).bind(body.getBytes());
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

    private record Request(List<?> args, Map<String, ?> kwargs) {
    }
}
