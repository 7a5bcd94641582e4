package dev.enoki.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.MalformedRequest;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of {@code POST /api/{service}/{method}} as a call's arguments: an array is positional, an object is
 * keyword arguments, and {@code {"args": [...], "kwargs": {...}}} gives both. An empty body is no arguments.
 */
record CallBody(List<JsonNode> args, Map<String, JsonNode> kwargs) {

    static CallBody parse(Buffer body, int maxDepth) {
        if (body == null || body.length() == 0) {
            return new CallBody(List.of(), Map.of());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body.getBytes());
        } catch (IOException e) {
            throw new MalformedRequest("the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new CallBody(List.of(), Map.of());
        }
        if (depthOf(root) > maxDepth) {
            throw new MalformedRequest("the body nests deeper than " + maxDepth + " levels");
        }
        if (root.isArray()) {
            return new CallBody(listOf(root), Map.of());
        }
        if (!root.isObject()) {
            throw new MalformedRequest("the body must be a JSON array (args) or object (kwargs)");
        }
        JsonNode args = root.get("args");
        JsonNode kwargs = root.get("kwargs");
        int named = (args == null ? 0 : 1) + (kwargs == null ? 0 : 1);
        boolean explicit = named > 0 && root.size() == named
                && (args == null || args.isArray()) && (kwargs == null || kwargs.isObject());
        if (explicit) {
            return new CallBody(args == null ? List.of() : listOf(args), kwargs == null ? Map.of() : mapOf(kwargs));
        }
        return new CallBody(List.of(), mapOf(root));
    }

    private static List<JsonNode> listOf(JsonNode array) {
        List<JsonNode> list = new ArrayList<>(array.size());
        array.forEach(list::add);
        return list;
    }

    private static Map<String, JsonNode> mapOf(JsonNode object) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    /** How deep containers nest, counted without recursion so a deep document cannot exhaust the stack. */
    static int depthOf(JsonNode root) {
        int max = 0;
        Deque<Map.Entry<JsonNode, Integer>> todo = new ArrayDeque<>();
        todo.push(Map.entry(root, 1));
        while (!todo.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = todo.pop();
            JsonNode node = next.getKey();
            if (node.isContainerNode()) {
                max = Math.max(max, next.getValue());
                node.forEach(child -> todo.push(Map.entry(child, next.getValue() + 1)));
            }
        }
        return max;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
