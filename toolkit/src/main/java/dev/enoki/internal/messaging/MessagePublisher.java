package dev.enoki.internal.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.MalformedRequest;
import dev.enoki.PublishOptions;
import dev.enoki.Publisher;
import dev.enoki.json.Json;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.OutboundMessage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/** A {@link Publisher} to one exchange with one worker's context data on every message. */
final class MessagePublisher implements Publisher {
    private final Messaging messaging;
    private final String exchange;
    private final String routingKey;
    private final Map<String, Object> contextData;

    MessagePublisher(Messaging messaging, String exchange, String routingKey, Map<String, Object> contextData) {
        this.messaging = messaging;
        this.exchange = exchange;
        this.routingKey = routingKey;
        this.contextData = contextData;
    }

    @Override
    public Future<Void> publishAsync(Object payload, PublishOptions options) {
        try {
            Buffer body = Buffer.buffer(Json.mapper().writeValueAsBytes(payload));
            String key = options.routingKey() == null ? routingKey : options.routingKey();
            return messaging.publish(new OutboundMessage(exchange, key, body, contextData, options));
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("message body cannot be written as JSON: "
                    + e.getOriginalMessage()));
        }
    }
}
