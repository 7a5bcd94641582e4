package dev.enoki.internal.schema;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rewrites what the generator writes in JSON Schema draft 7 into the dialect of OpenAPI 3.0, which has no type
 * lists, no {@code "null"} type and no {@code const}: a type that may be null is {@code nullable}, a constant is a
 * one-value {@code enum}.
 */
final class OpenApi30Schemas {
    private static final JsonObject NULL_TYPE = new JsonObject().put("type", "null");

    private OpenApi30Schemas() {
    }

    /** A rewritten copy of {@code schema} and of every schema inside it. */
    static JsonObject convert(JsonObject schema) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, Object> e : schema) {
            out.put(e.getKey(), convertValue(e.getValue()));
        }
        if (out.getValue("type") instanceof JsonArray types) {
            nullableTypes(out, types);
        }
        for (String union : List.of("anyOf", "oneOf")) {
            if (out.getValue(union) instanceof JsonArray options && options.contains(NULL_TYPE)) {
                out = nullableUnion(out, union, options);
            }
        }
        if (out.containsKey("const")) {
            out.put("enum", new JsonArray().add(out.remove("const")));
        }
        return out;
    }

    private static Object convertValue(Object value) {
        if (value instanceof JsonObject o) {
            return convert(o);
        }
        if (value instanceof JsonArray a) {
            JsonArray out = new JsonArray();
            a.forEach(item -> out.add(convertValue(item)));
            return out;
        }
        return value;
    }

    private static void nullableTypes(JsonObject schema, JsonArray types) {
        List<Object> named = new ArrayList<>(types.getList());
        if (named.remove("null")) {
            schema.put("nullable", true);
        }
        schema.remove("type");
        if (named.size() == 1) {
            schema.put("type", named.get(0));
        } else if (named.size() > 1) {
            JsonArray anyOf = new JsonArray();
            named.forEach(t -> anyOf.add(new JsonObject().put("type", t)));
            schema.put("anyOf", anyOf);
        }
    }

    /** {@code anyOf: [X, {type: null}]} is X, nullable; beside a {@code $ref} that takes an {@code allOf}. */
    private static JsonObject nullableUnion(JsonObject schema, String union, JsonArray options) {
        JsonArray rest = new JsonArray();
        options.forEach(o -> {
            if (!NULL_TYPE.equals(o)) {
                rest.add(o);
            }
        });
        JsonObject out = schema.copy().put("nullable", true);
        out.remove(union);
        if (rest.size() != 1) {
            return out.put(union, rest);
        }
        JsonObject only = rest.getJsonObject(0);
        if (only.containsKey("$ref")) {
            return out.put("allOf", new JsonArray().add(only));
        }
        return only.copy().mergeIn(out);
    }
}
