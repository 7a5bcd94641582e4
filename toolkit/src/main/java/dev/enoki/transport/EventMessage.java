package dev.enoki.transport;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/** One event on the wire: {@code source} dispatched {@code eventType} with a JSON payload. */
public record EventMessage(String source, String eventType, Buffer body, Map<String, Object> context) {
}
