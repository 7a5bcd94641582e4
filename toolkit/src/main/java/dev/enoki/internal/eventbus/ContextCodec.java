package dev.enoki.internal.eventbus;

import dev.enoki.internal.tracing.TraceContextData;
import dev.enoki.internal.tracing.TracedContextData;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Map;

/**
 * Context data as the JSON text the event-bus headers carry, each way with a one-entry cache: a proxy sends the same
 * context with every call, and a busy caller sends the same header text many times over. A traced call's context
 * differs in its {@code traceparent} alone, written last: that member is added to, and taken off, the cached rest.
 */
final class ContextCodec {
    private static final String TRACEPARENT_MEMBER = "\"" + TraceContextData.TRACEPARENT + "\":\"";
    private static final int TRACEPARENT_LENGTH = 55;
    /** The length of {@code "traceparent":"<55 characters>"}} at the end of a traced call's context. */
    private static final int TRACED_TAIL = TRACEPARENT_MEMBER.length() + TRACEPARENT_LENGTH + 2;
    /** A proxy sends the same context with every call: encode it once. */
    private volatile EncodedContext lastEncoded = new EncodedContext(Map.of(), "{}");
    /** ...and a busy caller sends the same header text many times over: decode it once. */
    private volatile Encoded lastDecoded = new Encoded(Map.of(), "{}");

    String encode(Map<String, Object> context) {
        if (context instanceof TracedContextData traced && traced.tracestate() == null
                && traced.traceparent().length() == TRACEPARENT_LENGTH) {   // hex and dashes: nothing to escape
            return encodeCached(traced.untraced()).tracedPrefix + traced.traceparent() + "\"}";
        }
        return encodeCached(context).json;
    }

    private EncodedContext encodeCached(Map<String, Object> context) {
        EncodedContext last = lastEncoded;
        if (last.context != context) {
            last = new EncodedContext(context, new JsonObject(context).encode());
            lastEncoded = last;
        }
        return last;
    }

    /** The context data of an event's {@link EventBusTransport#CONTEXT_HEADER}; empty without one. */
    Map<String, Object> decode(MultiMap headers) {
        String encoded = headers.get(EventBusTransport.CONTEXT_HEADER);
        return encoded == null ? Map.of() : decode(encoded, 0, encoded.length());
    }

    /** The context data written in {@code text} from {@code start} to {@code end}. */
    Map<String, Object> decode(String text, int start, int end) {
        int member = end - TRACED_TAIL;   // where a last member "traceparent":"<55 characters>" would start
        if (member > start && text.charAt(end - 1) == '}' && text.charAt(end - 2) == '"'
                && text.startsWith(TRACEPARENT_MEMBER, member)
                && isTraceparent(text, member + TRACEPARENT_MEMBER.length(), end - 2)) {
            char before = text.charAt(member - 1);
            Map<String, Object> rest = before == '{' && member - 1 == start ? Map.of()
                    : before == ',' ? decodeCached(text, start, member - 1, true) : null;
            if (rest != null && !rest.containsKey(TraceContextData.TRACEPARENT)
                    && !rest.containsKey(TraceContextData.TRACESTATE)) {
                return new TracedContextData(rest, text.substring(member + TRACEPARENT_MEMBER.length(), end - 2), null);
            }
        }
        return decodeCached(text, start, end, false);
    }

    /** {@code close}: the object's closing brace is not in the text, as when a last member was taken off. */
    private Map<String, Object> decodeCached(String text, int start, int end, boolean close) {
        Encoded last = lastDecoded;
        int length = end - start;
        if (last.json.length() != length + (close ? 1 : 0) || !text.regionMatches(start, last.json, 0, length)) {
            String encoded = close ? text.substring(start, end) + "}" : text.substring(start, end);
            last = new Encoded(Collections.unmodifiableMap(new JsonObject(encoded).getMap()), encoded);
            lastDecoded = last;
        }
        return last.context;
    }

    /** A traceparent of version 00 as written: lower-case hex and dashes, nothing JSON would escape. */
    private static boolean isTraceparent(String text, int start, int end) {
        if (end - start != TRACEPARENT_LENGTH) {
            return false;
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private record Encoded(Map<String, Object> context, String json) {
    }

    /**
     * Context data as JSON, and that JSON open for a last member {@code "traceparent":"}, so a traced call adds its
     * traceparent with one concatenation.
     */
    private record EncodedContext(Map<String, Object> context, String json, String tracedPrefix) {
        EncodedContext(Map<String, Object> context, String json) {
            this(context, json, (json.length() == 2 ? "{" : json.substring(0, json.length() - 1) + ",")
                    + TRACEPARENT_MEMBER);
        }
    }
}
