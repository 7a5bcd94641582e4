package dev.enoki.internal.transport;

import dev.enoki.WorkerContext;
import dev.enoki.internal.tracing.TracedContextData;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place a delivery id joins the context data a transport hands the container
 * ({@link WorkerContext#DELIVERY_ID}): a request's correlation id, an event's message id. An event's id is scoped to
 * the handler's queue, since one dispatch reaches every subscribed handler and each handles it on its own.
 */
public final class DeliveryIds {
    private DeliveryIds() {
    }

    /** {@code context} with {@code id} as its delivery id; {@code context} itself when there is no id. */
    public static Map<String, Object> withDeliveryId(Map<String, Object> context, String id) {
        if (id == null || id.isEmpty()) {
            return context;
        }
        if (context instanceof TracedContextData traced) {   // kept apart, so a worker reads its parent span in place
            return new TracedContextData(withDeliveryId(traced.untraced(), id), traced.traceparent(),
                    traced.tracestate());
        }
        Map<String, Object> withId = new LinkedHashMap<>(context);
        withId.put(WorkerContext.DELIVERY_ID, id);
        return withId;
    }

    /** An event's context with {@code <queue>/<message id>} as its delivery id; as it is without a message id. */
    public static Map<String, Object> ofEvent(Map<String, Object> context, String queue, String messageId) {
        return messageId == null || messageId.isEmpty() ? context : withDeliveryId(context, queue + "/" + messageId);
    }
}
