package dev.enoki.internal.websocket;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.MalformedRequest;
import dev.enoki.UnserializableValueError;
import dev.enoki.json.Json;
import dev.enoki.rpc.ErrorDict;
import io.vertx.core.buffer.Buffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Nameko's websocket frames, the one place that reads and writes them: a call
 * {@code {"method", "data", "correlation_id"}}, its answer {@code {"type": "result", "success", "data" | "error",
 * "correlation_id"}} and an event {@code {"type": "event", "event", "data"}}.
 */
final class WsFrames {

    private WsFrames() {
    }

    /** One call from a client: the method, its keyword arguments and the id the client matches the answer by. */
    record Call(String method, ObjectNode data, JsonNode correlationId) {

        /** Nameko's RPC body for the call: the socket id is the first positional argument. */
        Buffer body(String socketId) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.putArray("args").add(socketId);
            body.set("kwargs", data);
            try {
                return Buffer.buffer(Json.mapper().writeValueAsBytes(body));
            } catch (JsonProcessingException e) {
                throw new MalformedRequest("the call's data cannot be written again: " + e.getOriginalMessage());
            }
        }
    }

    /** Reads a call; {@code data} absent, null or empty means no arguments, as in Nameko. */
    static Call call(String text) {
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedRequest("Invalid JSON data: " + e.getOriginalMessage());
        }
        if (frame == null || !frame.isObject()) {
            throw new MalformedRequest("Invalid JSON data: a frame is a JSON object");
        }
        JsonNode method = frame.get("method");
        if (method == null || !method.isTextual()) {
            throw new MalformedRequest("Invalid JSON data: \"method\" must be a string");
        }
        JsonNode data = frame.get("data");
        ObjectNode kwargs;
        if (data == null || isFalsy(data)) {
            kwargs = Json.mapper().createObjectNode();
        } else if (data.isObject()) {
            kwargs = (ObjectNode) data;
        } else {
            throw new MalformedRequest("Invalid JSON data: \"data\" must be an object of keyword arguments");
        }
        JsonNode correlationId = frame.get("correlation_id");
        return new Call(method.asText(), kwargs, correlationId == null ? NullNode.getInstance() : correlationId);
    }

    /** Python's falsy JSON values, which Nameko's {@code data.get('data') or {}} turns into no arguments. */
    private static boolean isFalsy(JsonNode value) {
        return value.isNull() || value.isContainerNode() && value.isEmpty()
                || value.isTextual() && value.textValue().isEmpty()
                || value.isNumber() && value.doubleValue() == 0 || value.isBoolean() && !value.booleanValue();
    }

    /** The answer to a call that returned {@code result}; an error answer when the result is not JSON. */
    static String result(Object result, JsonNode correlationId) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "result");
        frame.put("success", true);
        frame.put("data", result);
        frame.put("correlation_id", correlationId);
        try {
            return Json.mapper().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            return error(new UnserializableValueError("Unserializable value: `" + result + "`"), correlationId);
        }
    }

    /** The answer to a call that failed, with Nameko's error dict. */
    static String error(Throwable error, JsonNode correlationId) {
        ObjectNode frame = Json.mapper().createObjectNode();
        frame.put("type", "result");
        frame.put("success", false);
        frame.set("error", ErrorDict.of(error));
        frame.set("correlation_id", correlationId);
        return frame.toString();
    }

    /** An event for the client; fails with {@link UnserializableValueError} when {@code data} is not JSON. */
    static String event(String event, Object data) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "event");
        frame.put("event", event);
        frame.put("data", data);
        try {
            return Json.mapper().writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new UnserializableValueError("Unserializable value: `" + data + "`");
        }
    }
}
