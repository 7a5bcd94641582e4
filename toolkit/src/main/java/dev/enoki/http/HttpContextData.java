package dev.enoki.http;

import dev.enoki.WorkerContext;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which HTTP headers become context data: {@code Authorization} the auth token, {@code Accept-Language} the
 * language, {@code User-Agent} the user agent, and {@value #CALL_ID_HEADER} (one call id, or several separated by
 * commas, oldest first) the call id stack the new call continues. Responses carry the call's id in the same header.
 */
public final class HttpContextData {
    public static final String CALL_ID_HEADER = "X-Enoki-Call-Id";
    /** At most this many incoming call ids are kept; the worker trims further with {@code parent_calls_tracked}. */
    private static final int MAX_INCOMING_IDS = 64;

    private HttpContextData() {
    }

    public static Map<String, Object> fromHeaders(MultiMap headers) {
        Map<String, Object> data = new HashMap<>();
        putIfPresent(data, WorkerContext.AUTH_TOKEN, headers.get("Authorization"));
        putIfPresent(data, WorkerContext.LANGUAGE, headers.get("Accept-Language"));
        putIfPresent(data, WorkerContext.USER_AGENT, headers.get("User-Agent"));
        String callIds = headers.get(CALL_ID_HEADER);
        if (callIds != null && !callIds.isBlank()) {
            List<String> stack = new ArrayList<>();
            for (String id : callIds.split(",")) {
                if (!id.isBlank()) {
                    stack.add(id.trim());
                }
            }
            data.put(WorkerContext.CALL_ID_STACK, stack.subList(Math.max(0, stack.size() - MAX_INCOMING_IDS), stack.size()));
        }
        return data;
    }

    private static void putIfPresent(Map<String, Object> data, String key, String value) {
        if (value != null && !value.isEmpty()) {
            data.put(key, value);
        }
    }
}
