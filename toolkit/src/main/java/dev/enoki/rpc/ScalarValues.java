package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;

/**
 * Binds the JSON scalars most calls carry (a string, an int, a long, a boolean) straight from the parser to a
 * parameter or result of the matching Java type, giving what the mapper would give without making a
 * deserialization context per value; any other value or type goes to the type's reader.
 */
public final class ScalarValues {
    private ScalarValues() {
    }

    /** The value at the parser's current token, bound to {@code type}. */
    public static Object read(JsonParser parser, Class<?> type, ObjectReader reader) throws IOException {
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
}
