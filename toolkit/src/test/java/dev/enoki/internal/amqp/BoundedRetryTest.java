package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How a failed event's deliveries are counted: Enoki's own header, and what RabbitMQ says where it says it. */
class BoundedRetryTest {

    @Test
    void firstDeliveryCountsOne() {
        assertThat(BoundedRetry.deliveries(delivery(false, Map.of()))).isEqualTo(1);
    }

    @Test
    void copyCountsTheDeliveriesItsHeaderCarriesPlusThisOne() {
        assertThat(BoundedRetry.deliveries(delivery(false, Map.of(BoundedRetry.DELIVERIES, 3)))).isEqualTo(4);
    }

    @Test
    void redeliveredFlagCountsAnEarlierDeliveryOfThisVeryMessage() {
        assertThat(BoundedRetry.deliveries(delivery(true, Map.of()))).isEqualTo(2);
        assertThat(BoundedRetry.deliveries(delivery(true, Map.of(BoundedRetry.DELIVERIES, 3)))).isEqualTo(5);
    }

    @Test
    void quorumQueueDeliveryCountIsRespected() {
        assertThat(BoundedRetry.deliveries(delivery(true, Map.of("x-delivery-count", 6L)))).isEqualTo(7);
    }

    @Test
    void rejectionsRecordedInXDeathCountWhenEnokiHasNotCountedYet() {
        Map<String, Object> headers = Map.of("x-death", List.of(
                Map.of("queue", "q", "reason", "rejected", "count", 4L),
                Map.of("queue", "q", "reason", "expired", "count", 9L)));
        assertThat(BoundedRetry.deliveries(delivery(false, headers))).isEqualTo(5);
    }

    @Test
    void garbageCountHeadersCountAsNothing() {
        Map<String, Object> headers = Map.of(BoundedRetry.DELIVERIES, "many", "x-delivery-count", -5,
                "x-death", "not a list");
        assertThat(BoundedRetry.deliveries(delivery(false, headers))).isEqualTo(1);
    }

    @Test
    void deliveryCountNeverBecomesContextData() {
        Map<String, Object> context = ContextHeaders.decode(Map.of(BoundedRetry.DELIVERIES, 2,
                BoundedRetry.FIRST_EXCHANGE, "src.events", "nameko.user_id", "u-1"));
        assertThat(context).containsOnlyKeys("user_id");
    }

    private static Delivery delivery(boolean redelivered, Map<String, Object> headers) {
        return new Delivery(new Envelope(1, redelivered, "src.events", "evt"),
                new AMQP.BasicProperties.Builder().headers(headers).build(), new byte[0]);
    }
}
