package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.enoki.json.Json;

import java.io.IOException;

/** The streaming walk over a body's top-level fields that the fast paths of requests and replies share. */
final class ObjectFields {
    private ObjectFields() {
    }

    /** Reads the value of one field, the parser on its first token; false when it is unusual. */
    interface FieldReader {
        boolean read(String field, JsonToken token, JsonParser parser) throws IOException;
    }

    /**
     * True when {@code body} is one JSON object whose every field {@code reader} took; false at the first field it
     * refused, or when the body is anything else or broken, so the caller falls back to its tree reading.
     */
    static boolean walk(byte[] body, FieldReader reader) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (!reader.read(field, parser.nextToken(), parser)) {
                    return false;
                }
            }
            return next == JsonToken.END_OBJECT;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
