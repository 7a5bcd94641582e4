package dev.enoki.transport;

import io.vertx.core.buffer.Buffer;

import java.util.Map;

/** One message taken from a queue: its JSON body and the context data its headers carry. */
public record ConsumedMessage(String queue, Buffer body, Map<String, Object> context) {
}
