package dev.enoki.internal.eventbus;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Map;

/**
 * Context data as the JSON text the event-bus headers carry, each way with a one-entry cache: a proxy sends the same
 * context with every call, and a busy caller sends the same header text many times over.
 */
final class ContextCodec {
    /** A proxy sends the same context with every call: encode it once. */
    private volatile Encoded lastEncoded = new Encoded(Map.of(), "{}");
    /** ...and a busy caller sends the same header text many times over: decode it once. */
    private volatile Encoded lastDecoded = new Encoded(Map.of(), "{}");

    String encode(Map<String, Object> context) {
        Encoded last = lastEncoded;
        if (last.context != context) {
            last = new Encoded(context, new JsonObject(context).encode());
            lastEncoded = last;
        }
        return last.json;
    }

    /** The context data of an event's {@link EventBusTransport#CONTEXT_HEADER}; empty without one. */
    Map<String, Object> decode(MultiMap headers) {
        String encoded = headers.get(EventBusTransport.CONTEXT_HEADER);
        return encoded == null ? Map.of() : decode(encoded, 0, encoded.length());
    }

    /** The context data written in {@code text} from {@code start} to {@code end}. */
    Map<String, Object> decode(String text, int start, int end) {
        Encoded last = lastDecoded;
        int length = end - start;
        if (last.json.length() != length || !text.regionMatches(start, last.json, 0, length)) {
            String encoded = text.substring(start, end);
            last = new Encoded(Collections.unmodifiableMap(new JsonObject(encoded).getMap()), encoded);
            lastDecoded = last;
        }
        return last.context;
    }

    private record Encoded(Map<String, Object> context, String json) {
    }
}
