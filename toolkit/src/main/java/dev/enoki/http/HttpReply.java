package dev.enoki.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.BadRequest;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.Entrypoint;
import dev.enoki.HttpResponse;
import dev.enoki.ServiceBusy;
import dev.enoki.json.Json;
import dev.enoki.rpc.ErrorDict;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response ready to write: status, headers and encoded body. Made on the worker's thread from what the method
 * returned or raised, so that no encoding runs on an event loop.
 *
 * <p>Errors are Nameko's mapping, improved: a {@link BadRequest} or an expected exception is 400, a busy or dying
 * container 503, anything else 500; the body is Nameko's error dict (type and message, never a stack trace).
 */
public record HttpReply(int status, List<Map.Entry<String, String>> headers, Buffer body) {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";
    static final String BYTES = "application/octet-stream";

    /** The reply for a method's return value. */
    public static HttpReply ofResult(Object result) {
        if (result instanceof HttpResponse response) {
            List<Map.Entry<String, String>> headers = new ArrayList<>(response.headers());
            Object body = response.body();
            if (body != null && response.header("Content-Type") == null) {
                headers.add(Map.entry("Content-Type", contentTypeOf(body)));
            }
            return new HttpReply(response.status(), headers, encode(body));
        }
        if (result == null) {
            return new HttpReply(204, List.of(), Buffer.buffer());
        }
        return new HttpReply(200, List.of(Map.entry("Content-Type", contentTypeOf(result))), encode(result));
    }

    /** The reply for an error; {@code entrypoint} (may be null) says which exceptions are expected. */
    public static HttpReply ofError(Throwable error, Entrypoint entrypoint) {
        return ofError(statusOf(error, entrypoint), error);
    }

    public static HttpReply ofError(int status, Throwable error) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("Content-Type", JSON));
        if (status == 503) {
            headers.add(Map.entry("Retry-After", "1"));
        }
        return new HttpReply(status, headers, Buffer.buffer(ErrorDict.of(error).toString()));
    }

    /** An error of the server itself (404, 405, 413), with Nameko's error dict shape. */
    public static HttpReply ofError(int status, String type, String message) {
        ObjectNode dict = ErrorDict.of(type, "dev.enoki.http." + type, message);
        return new HttpReply(status, List.of(Map.entry("Content-Type", JSON)), Buffer.buffer(dict.toString()));
    }

    static int statusOf(Throwable error, Entrypoint entrypoint) {
        if (error instanceof BadRequest) {
            return 400;
        }
        if (error instanceof ServiceBusy || error instanceof ContainerBeingKilled) {
            return 503;
        }
        if (entrypoint != null) {
            for (Class<? extends Throwable> expected : entrypoint.expectedExceptions()) {
                if (expected.isInstance(error)) {
                    return 400;
                }
            }
        }
        return 500;
    }

    public HttpReply withHeader(String name, String value) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        all.add(Map.entry(name, value));
        return new HttpReply(status, all, body);
    }

    /** Writes the whole reply; callable from any thread. */
    public void writeTo(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status);
        headers.forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        response.end(body);
    }

    private static String contentTypeOf(Object body) {
        if (body instanceof CharSequence) {
            return TEXT;
        }
        if (body instanceof byte[] || body instanceof Buffer) {
            return BYTES;
        }
        return JSON;
    }

    private static Buffer encode(Object body) {
        if (body == null) {
            return Buffer.buffer();
        }
        if (body instanceof CharSequence text) {
            return Buffer.buffer(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (body instanceof byte[] bytes) {
            return Buffer.buffer(bytes);
        }
        if (body instanceof Buffer buffer) {
            return buffer;
        }
        try {
            return Buffer.buffer(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the result cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
