package dev.enoki.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.Blocking;
import dev.enoki.Dispatcher;
import dev.enoki.MalformedRequest;
import dev.enoki.internal.tracing.EventSpans;
import dev.enoki.json.Json;
import dev.enoki.transport.EventMessage;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.util.Map;

/** A {@link Dispatcher} that publishes as {@code source} with the given context data; when traced, in a span. */
public final class EventPublisher implements Dispatcher {
    private final Transport transport;
    private final String source;
    private final Map<String, Object> contextData;
    private final boolean traced;

    public EventPublisher(Transport transport, String source, Map<String, Object> contextData, boolean traced) {
        this.transport = transport;
        this.source = source;
        this.contextData = contextData;
        this.traced = traced;
    }

    @Override
    public void dispatch(String eventType, Object payload) {
        Blocking.await(dispatchAsync(eventType, payload));
    }

    @Override
    public Future<Void> dispatchAsync(String eventType, Object payload) {
        try {
            Buffer body = Buffer.buffer(Json.mapper().writeValueAsBytes(payload));
            EventMessage event = new EventMessage(source, eventType, body, contextData);
            return traced ? EventSpans.dispatch(event, transport.name(), transport::dispatch) : transport.dispatch(event);
        } catch (JsonProcessingException e) {
            return Future.failedFuture(new MalformedRequest("event payload cannot be written as JSON: "
                    + e.getOriginalMessage()));
        }
    }
}
