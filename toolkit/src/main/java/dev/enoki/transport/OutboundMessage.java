package dev.enoki.transport;

import dev.enoki.PublishOptions;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/**
 * One message to publish: a JSON body to {@code exchange} with {@code routingKey}, the sender's context data (sent
 * as headers) and the options the sender chose; {@link PublishOptions#routingKey()} is already resolved into
 * {@code routingKey}.
 */
public record OutboundMessage(String exchange, String routingKey, Buffer body, Map<String, Object> context,
                              PublishOptions options) {
}
