package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** One trace as Zipkin's API gives it back: its spans, found by service, kind and name, and their parents. */
record ZipkinTrace(List<JsonObject> spans) {

    /** The traces in a {@code /api/v2/traces} answer. */
    static List<ZipkinTrace> parse(String traces) {
        return new JsonArray(traces).stream()
                .map(trace -> new ZipkinTrace(((JsonArray) trace).stream().map(JsonObject.class::cast).toList()))
                .toList();
    }

    String traceId() {
        return spans.get(0).getString("traceId");
    }

    /** Whether a span of {@code service} with this kind and name is in it (Zipkin keeps names lower case). */
    boolean has(String service, String kind, String name) {
        return spans.stream().anyMatch(span -> matches(span, service, kind, name));
    }

    /** The one span of {@code service} with this kind and name; an {@link AssertionError} naming all if not one. */
    JsonObject span(String service, String kind, String name) {
        List<JsonObject> found = spans.stream().filter(span -> matches(span, service, kind, name)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " spans " + kind + " " + name + " of " + service + " in " + this);
        }
        return found.get(0);
    }

    /** The spans without a parent in the trace. */
    List<JsonObject> roots() {
        return spans.stream().filter(span -> span.getString("parentId") == null).toList();
    }

    /** True when {@code child}'s parent is {@code parent}. */
    static boolean isChildOf(JsonObject child, JsonObject parent) {
        return Objects.equals(child.getString("parentId"), parent.getString("id"));
    }

    private static boolean matches(JsonObject span, String service, String kind, String name) {
        JsonObject endpoint = span.getJsonObject("localEndpoint", new JsonObject());
        return service.equals(endpoint.getString("serviceName")) && kind.equals(span.getString("kind"))
                && name.equalsIgnoreCase(span.getString("name"));
    }

    @Override
    public String toString() {
        return spans.stream().map(span -> span.getJsonObject("localEndpoint", new JsonObject()).getString("serviceName")
                        + " " + span.getString("kind") + " " + span.getString("name") + " id=" + span.getString("id")
                        + " parent=" + span.getString("parentId"))
                .collect(Collectors.joining("; ", "trace[", "]"));
    }
}
