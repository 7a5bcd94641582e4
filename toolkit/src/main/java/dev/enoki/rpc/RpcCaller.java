package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.enoki.MalformedRequest;
import dev.enoki.RemoteError;
import dev.enoki.internal.rpc.JsonArguments;
import dev.enoki.json.Json;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes RPC calls on a transport with a caller's context data: encodes Nameko's request body, sets the deadline,
 * and turns the reply into a result or an exception.
 */
public final class RpcCaller {
    private static final int MAX_READERS = 1024;
    private static final Map<JavaType, ObjectReader> READERS = new ConcurrentHashMap<>();

    private final Transport transport;
    private final Map<String, Object> contextData;

    public RpcCaller(Transport transport, Map<String, Object> contextData) {
        this.transport = transport;
        this.contextData = contextData;
    }

    /** Sends the call; the reply body comes back undecoded so the caller chooses where to decode it. */
    public Future<Buffer> send(String service, String method, List<?> args, Map<String, ?> kwargs, Duration timeout) {
        Buffer body;
        try {
            body = RpcBodies.request(args, kwargs);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getMessage()));
        }
        return send(service, method, body, timeout);
    }

    /** Sends a request body already in Nameko's form, {@code {"args": [...], "kwargs": {...}}}. */
    public Future<Buffer> send(String service, String method, Buffer requestBody, Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return transport.call(new RpcRequest(service, method, requestBody, contextData, deadline));
    }

    /** The result of a reply body, bound to {@code type}; the remote error thrown when there is one. */
    public static <T> T decode(Buffer reply, JavaType type) {
        byte[] bytes = reply.getBytes();
        ObjectReader reader = readerFor(type);
        Object[] result = decodeStreaming(bytes, type.getRawClass(), reader);
        @SuppressWarnings("unchecked")
        T value = result != null ? (T) result[0] : decodeTree(bytes, reader, type);
        return value;
    }

    /**
     * The usual reply (no error, one result) bound straight from the parser, as a one-element array; null when
     * anything is unusual (an error, a repeated key, a result that does not bind), so {@link #decodeTree} decides.
     */
    private static Object[] decodeStreaming(byte[] bytes, Class<?> type, ObjectReader reader) {
        Object[] result = null;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("error".equals(field)) {
                    if (token != JsonToken.VALUE_NULL && token != JsonToken.VALUE_FALSE) {
                        return null;
                    }
                } else if ("result".equals(field)) {
                    if (result != null) {
                        return null;
                    }
                    result = new Object[] {ScalarValues.read(parser, type, reader)};
                } else {
                    parser.skipChildren();
                }
            }
            return next == JsonToken.END_OBJECT ? result : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static <T> T decodeTree(byte[] bytes, ObjectReader reader, JavaType type) {
        JsonNode result = null;
        try (JsonParser parser = Json.mapper().createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformedReply();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if ("error".equals(field)) {
                    JsonNode error = parser.readValueAsTree();
                    if (error != null && !error.isNull() && !(error.isBoolean() && !error.asBoolean())) {
                        throw ErrorDict.toException(error);
                    }
                } else if ("result".equals(field)) {
                    result = parser.readValueAsTree();
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw malformedReply();
        }
        try {
            return reader.readValue(result == null ? NullNode.getInstance() : result);
        } catch (IOException | IllegalArgumentException e) {
            throw new RemoteError("UnexpectedResult", "dev.enoki.UnexpectedResult", List.of(),
                    "result does not bind to " + type.toCanonical() + ": " + JsonArguments.firstLine(e.getMessage()));
        }
    }

    /** Readers are immutable and costly to make; a program asks for few result types, so keep some. */
    private static ObjectReader readerFor(JavaType type) {
        ObjectReader reader = READERS.get(type);
        if (reader == null) {
            reader = Json.mapper().readerFor(type);
            if (READERS.size() < MAX_READERS) {
                READERS.put(type, reader);
            }
        }
        return reader;
    }

    private static RemoteError malformedReply() {
        return new RemoteError("MalformedReply", "dev.enoki.MalformedReply", List.of(), "reply is not a JSON object");
    }
}
