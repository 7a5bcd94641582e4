package dev.enoki.doctests.snippets;

import dev.enoki.Consume;
import dev.enoki.ContextData;
import dev.enoki.Publish;
import dev.enoki.PublishOptions;
import dev.enoki.Publisher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.UndeliverableMessage;

import java.time.Duration;
import java.util.Map;

/** docs/messaging.md: a queue consumed with {@code @Consume} and messages sent with a {@code Publisher}. */
@Service("warehouse")
public class WarehouseService {

    public record Shipment(String orderId, String address) {
    }

// doc:begin consume-queue
@ContextData("user_id") String userId;                 // from the message's nameko.user_id header

@Consume(queue = "shipments", exchange = "logistics", routingKey = "ship")
public void ship(Shipment shipment) {                  // the JSON body, bound as any argument is
    // returns: the message is acknowledged; throws: dropped, or tried again with requeueOnError = true
}
// doc:end

// doc:begin publish-messages
@Publish(exchange = "logistics", routingKey = "ship")
Publisher logistics;

@Rpc
public void dispatchOrder(String orderId, String address) {
    logistics.publish(new Shipment(orderId, address));                 // confirmed by RabbitMQ when it returns
}

@Rpc
public boolean tryUrgent(String orderId) {
    try {
        logistics.publish(Map.of("orderId", orderId), new PublishOptions()
                .routingKey("urgent").mandatory(true).priority(9)
                .expiration(Duration.ofMinutes(5)).header("x-origin", "warehouse"));
        return true;
    } catch (UndeliverableMessage e) {                                 // no queue is bound to "urgent"
        return false;
    }
}
// doc:end
}
