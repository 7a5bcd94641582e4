package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.enoki.MalformedRequest;
import dev.enoki.RemoteError;
import dev.enoki.json.Json;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes RPC calls on a transport with a caller's context data: encodes Nameko's request body, sets the deadline,
 * and turns the reply into a result or an exception.
 */
public final class RpcCaller {
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
            body = Buffer.buffer(Json.mapper().writeValueAsBytes(new Request(args, kwargs)));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("arguments cannot be written as JSON: " + e.getOriginalMessage()));
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        return transport.call(new RpcRequest(service, method, body, contextData, deadline));
    }

    /** The result of a reply body, bound to {@code type}; the remote error thrown when there is one. */
    public static <T> T decode(Buffer reply, JavaType type) {
        JsonNode result = null;
        try (JsonParser parser = Json.mapper().createParser(reply.getBytes())) {
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
            return Json.mapper().readerFor(type).readValue(result == null ? NullNode.getInstance() : result);
        } catch (IOException | IllegalArgumentException e) {
            throw new RemoteError("UnexpectedResult", "dev.enoki.UnexpectedResult", List.of(),
                    "result does not bind to " + type.toCanonical() + ": " + JsonArguments.firstLine(e.getMessage()));
        }
    }

    private static RemoteError malformedReply() {
        return new RemoteError("MalformedReply", "dev.enoki.MalformedReply", List.of(), "reply is not a JSON object");
    }

    private record Request(List<?> args, Map<String, ?> kwargs) {
    }
}
