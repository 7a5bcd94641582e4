package dev.enoki.internal.transport;

import dev.enoki.HandlerType;
import dev.enoki.WorkerContext;
import dev.enoki.internal.tracing.TracedContextData;
import dev.enoki.transport.EventSubscription;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryIdsTest {
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static EventSubscription subscription(String service, HandlerType type, String identifier) {
        return new EventSubscription("orders", "placed", service, "onPlaced", type, true, false, identifier);
    }

    @Test
    void anEventsDeliveryIdNamesTheHandlersQueueSoTwoHandlersOfOneEventKeepTheirOwn() {
        Map<String, Object> context = Map.of("language", "en");

        Map<String, Object> stock = DeliveryIds.ofEvent(context,
                subscription("stock", HandlerType.SERVICE_POOL, "").queue(), "m-1");
        Map<String, Object> audit = DeliveryIds.ofEvent(context,
                subscription("audit", HandlerType.SERVICE_POOL, "").queue(), "m-1");
        Map<String, Object> broadcast = DeliveryIds.ofEvent(context,
                subscription("stock", HandlerType.BROADCAST, "host-a").queue(), "m-1");

        assertThat(stock).containsEntry(WorkerContext.DELIVERY_ID, "evt-orders-placed--stock.on_placed/m-1")
                .containsEntry("language", "en");
        assertThat(audit).containsEntry(WorkerContext.DELIVERY_ID, "evt-orders-placed--audit.on_placed/m-1");
        assertThat(broadcast).containsEntry(WorkerContext.DELIVERY_ID, "evt-orders-placed--stock.on_placed-host-a/m-1");
    }

    @Test
    void anEventWithoutMessageIdKeepsItsContextAsItIs() {
        Map<String, Object> context = Map.of("language", "en");

        assertThat(DeliveryIds.ofEvent(context, "evt-orders-placed", null)).isSameAs(context);
        assertThat(DeliveryIds.withDeliveryId(context, "")).isSameAs(context);
    }

    @Test
    void tracedContextDataStaysTracedWithItsDeliveryId() {
        TracedContextData traced = new TracedContextData(Map.of("language", "en"), TRACEPARENT, null);

        Map<String, Object> withId = DeliveryIds.withDeliveryId(traced, "c-1");

        assertThat(withId).isInstanceOfSatisfying(TracedContextData.class, t -> {
            assertThat(t.traceparent()).isEqualTo(TRACEPARENT);
            assertThat(t.untraced()).containsEntry(WorkerContext.DELIVERY_ID, "c-1").containsEntry("language", "en");
        });
    }
}
