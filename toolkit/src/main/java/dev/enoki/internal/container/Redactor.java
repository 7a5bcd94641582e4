package dev.enoki.internal.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.enoki.json.Json;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arguments as they may be logged: each sensitive argument, or part of one ({@code "password"},
 * {@code "card.number"}, {@code "cards[1]"}), replaced by {@code "********"}, as Nameko's {@code get_redacted_args}.
 */
public final class Redactor {
    public static final String MASK = "********";

    private Redactor() {
    }

    public static Map<String, Object> redact(Method method, Object[] arguments, String[] sensitive) {
        Parameter[] params = method.getParameters();
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length && i < params.length; i++) {
            JsonNode value = toTree(arguments[i]);
            for (String path : sensitive) {
                value = mask(params[i].getName(), value, path);
            }
            named.put(params[i].getName(), value);
        }
        return named;
    }

    private static JsonNode toTree(Object value) {
        try {
            return Json.mapper().valueToTree(value);
        } catch (IllegalArgumentException e) {
            return TextNode.valueOf(String.valueOf(value));
        }
    }

    private static JsonNode mask(String name, JsonNode value, String path) {
        String[] parts = path.replace("[", ".[").split("\\.");
        if (!parts[0].equals(name)) {
            return value;
        }
        if (parts.length == 1) {
            return TextNode.valueOf(MASK);
        }
        JsonNode node = value;
        for (int i = 1; i < parts.length - 1 && node != null; i++) {
            node = child(node, parts[i]);
        }
        String last = parts[parts.length - 1];
        if (node instanceof ObjectNode object && object.has(last)) {
            object.put(last, MASK);
        } else if (node instanceof ArrayNode array && last.startsWith("[")) {
            int index = Integer.parseInt(last.substring(1, last.length() - 1));
            if (index < array.size()) {
                array.set(index, TextNode.valueOf(MASK));
            }
        }
        return value;
    }

    private static JsonNode child(JsonNode node, String part) {
        if (part.startsWith("[") && node.isArray()) {
            return node.get(Integer.parseInt(part.substring(1, part.length() - 1)));
        }
        return node.get(part);
    }
}
