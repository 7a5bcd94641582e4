package dev.enoki.interop;

import dev.enoki.WorkerContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the Java handlers of the mixed cluster received, in the form Python's handlers report theirs. */
final class Received {
    private static final List<Map<String, Object>> EVENTS = new CopyOnWriteArrayList<>();

    private Received() {
    }

    static void add(String handler, Object payload, WorkerContext worker) {
        Map<String, Object> event = seen(worker);
        event.put("handler", handler);
        event.put("payload", payload);
        EVENTS.add(event);
    }

    static List<Map<String, Object>> events() {
        return List.copyOf(EVENTS);
    }

    /** The worker's context data and call id stack, as Python's {@code seen(worker)} returns them. */
    static Map<String, Object> seen(WorkerContext worker) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("context", worker.data());
        seen.put("call_id_stack", worker.callIdStack());
        return seen;
    }
}
