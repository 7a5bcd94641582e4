package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.json.Json;

import java.io.IOException;

/**
 * Reads and writes the JSON scalars most calls carry (a string, an int, a long, a boolean) straight on the parser or
 * generator, giving the mapper's result without making a (de)serialization context per value: a scalar binds to a
 * parameter or result of the matching Java type. Any other value or type goes to the mapper.
 */
final class ScalarValues {
    private ScalarValues() {
    }

    /** The value at the parser's current token, bound to {@code type}. */
    static Object read(JsonParser parser, Class<?> type, ObjectReader reader) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            if (type == String.class || type == Object.class) {
                return parser.getText();
            }
        } else if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType size = parser.getNumberType();
            if (size == JsonParser.NumberType.INT && (type == int.class || type == Integer.class || type == Object.class)) {
                return parser.getIntValue();
            }
            if (size != JsonParser.NumberType.BIG_INTEGER && (type == long.class || type == Long.class)) {
                return parser.getLongValue();
            }
        } else if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            if (type == boolean.class || type == Boolean.class || type == Object.class) {
                return token == JsonToken.VALUE_TRUE;
            }
        }
        return reader.readValue(parser);
    }

    /** Writes {@code value} as the mapper would. */
    static void write(JsonGenerator gen, Object value) throws IOException {
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
}
