package dev.enoki.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.MalformedRequest;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON body of {@code POST /api/{service}/{method}} as Nameko's request body {@code {"args": [...], "kwargs":
 * {...}}}: an array is positional arguments, an object keyword arguments, and {@code {"args": [...], "kwargs": {...}}}
 * gives both. An empty body (or {@code null}) is no arguments.
 *
 * <p>An array or an object goes into the request as the client sent it, after one streaming pass that checks that
 * it is JSON, no deeper than allowed and followed by nothing: building a tree of it only to write it out again would
 * cost more than the rest of the gateway's work on a small call. Only the explicit form is taken apart.
 */
final class CallBody {
    private static final Buffer NO_ARGUMENTS = Buffer.buffer("{\"args\":[],\"kwargs\":{}}");
    private static final byte[] ARGS_PREFIX = bytes("{\"args\":");
    private static final byte[] ARGS_SUFFIX = bytes(",\"kwargs\":{}}");
    private static final byte[] KWARGS_PREFIX = bytes("{\"args\":[],\"kwargs\":");
    private static final byte[] KWARGS_SUFFIX = bytes("}");

    private CallBody() {
    }

    /** The request body for {@code body}; {@link MalformedRequest} when it is not JSON, too deep, or not a container. */
    static Buffer toRequest(Buffer body, int maxDepth) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        JsonToken root;
        boolean explicitKeys;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            root = parser.nextToken();
            if (root == null || root == JsonToken.VALUE_NULL) {
                expectEnd(parser);
                return NO_ARGUMENTS.copy();
            }
            if (root != JsonToken.START_ARRAY && root != JsonToken.START_OBJECT) {
                throw new MalformedRequest("the body must be a JSON array (args) or object (kwargs)");
            }
            explicitKeys = checkContainer(parser, maxDepth);
            expectEnd(parser);
        } catch (IOException e) {
            throw new MalformedRequest("the body is not JSON: " + firstLine(e.getMessage()));
        }
        if (explicitKeys || !startsPlain(bytes, root)) {
            return fromTree(bytes);
        }
        return root == JsonToken.START_ARRAY
                ? wrap(ARGS_PREFIX, bytes, ARGS_SUFFIX)
                : wrap(KWARGS_PREFIX, bytes, KWARGS_SUFFIX);
    }

    /**
     * Reads the container the parser stands at to its end, failing past {@code maxDepth}; true when it is an object
     * with an {@code args} or {@code kwargs} key of its own, which may be the explicit form.
     */
    private static boolean checkContainer(JsonParser parser, int maxDepth) throws IOException {
        boolean object = parser.currentToken() == JsonToken.START_OBJECT;
        boolean explicitKeys = false;
        int depth = 1;
        while (depth > 0) {
            JsonToken token = parser.nextToken();
            if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                if (++depth > maxDepth) {
                    throw new MalformedRequest("the body nests deeper than " + maxDepth + " levels");
                }
            } else if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
                depth--;
            } else if (token == JsonToken.FIELD_NAME && object && depth == 1) {
                String name = parser.currentName();
                explicitKeys |= name.equals("args") || name.equals("kwargs");
            } else if (token == JsonToken.VALUE_STRING) {
                parser.getTextLength();   // decodes the string, so bad UTF-8 is found here and not by the service
            }
        }
        return explicitKeys;
    }

    private static void expectEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new MalformedRequest("the body holds more than one JSON value");
        }
    }

    /** Whether the body is plain UTF-8 starting with its container (no byte-order mark, no other encoding). */
    private static boolean startsPlain(byte[] bytes, JsonToken root) {
        byte open = (byte) (root == JsonToken.START_ARRAY ? '[' : '{');
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == open;
            }
        }
        return false;
    }

    private static Buffer wrap(byte[] prefix, byte[] value, byte[] suffix) {
        return Buffer.buffer(prefix.length + value.length + suffix.length)
                .appendBytes(prefix).appendBytes(value).appendBytes(suffix);
    }

    /** The body read as a tree: the explicit form's parts, or the whole object as keyword arguments. */
    private static Buffer fromTree(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new MalformedRequest("the body is not JSON: " + firstLine(e.getMessage()));
        }
        ObjectNode request = Json.mapper().createObjectNode();
        if (root.isArray()) {
            request.set("args", root);
            request.putObject("kwargs");
        } else {
            JsonNode args = root.get("args");
            JsonNode kwargs = root.get("kwargs");
            int named = (args == null ? 0 : 1) + (kwargs == null ? 0 : 1);
            boolean explicit = named > 0 && root.size() == named
                    && (args == null || args.isArray()) && (kwargs == null || kwargs.isObject());
            if (explicit) {
                request.set("args", args == null ? Json.mapper().createArrayNode() : args);
                request.set("kwargs", kwargs == null ? Json.mapper().createObjectNode() : kwargs);
            } else {
                request.putArray("args");
                request.set("kwargs", root);
            }
        }
        try {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(request));
        } catch (IOException e) {
            throw new MalformedRequest("the body cannot be written as a request: " + firstLine(e.getMessage()));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
