package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import io.vertx.core.Future;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives an event whose requeue-on-error handler failed another try, a bounded number of times, without touching the
 * queue declarations Nameko shares (a dead-letter argument on them would make RabbitMQ refuse Nameko's own
 * declaration). Instead of rejecting the event back to the head of its queue, where RabbitMQ hands it out again at
 * once and for ever, a copy that counts its deliveries in {@value #DELIVERIES} goes to the back of the same queue
 * through the default exchange, so the events behind it flow on. Once the count reaches {@code max_deliveries}
 * the copy goes to {@code <queue>.dead} instead, a durable queue of Enoki's own. The caller acks the original only
 * when the broker has confirmed the copy: a crash in between gives a second delivery, never a loss.
 */
final class BoundedRetry {
    /** Deliveries so far, this copy's earlier ones included; Enoki's bookkeeping, never context data. */
    static final String DELIVERIES = "x-enoki-deliveries";
    /** Where the event was first published, kept on its copies so a dead letter says where it came from. */
    static final String FIRST_EXCHANGE = "x-enoki-first-exchange";
    static final String FIRST_ROUTING_KEY = "x-enoki-first-routing-key";
    private static final String DEAD_SUFFIX = ".dead";
    /** Set by RabbitMQ on quorum queues: how often this very message was given back. */
    private static final String BROKER_DELIVERY_COUNT = "x-delivery-count";

    /** What became of a failed event. */
    enum Outcome { RETRIED, DEAD }

    private final ConfirmingPublisher publisher;
    private final int maxDeliveries;
    private final DeadLetterQueues deadLetterQueues;

    /** Declares a dead-letter queue before the first dead letter goes to it. */
    @FunctionalInterface
    interface DeadLetterQueues {
        Future<Void> declare(String deadLetterQueue);
    }

    BoundedRetry(ConfirmingPublisher publisher, int maxDeliveries, DeadLetterQueues deadLetterQueues) {
        this.publisher = publisher;
        this.maxDeliveries = maxDeliveries;
        this.deadLetterQueues = deadLetterQueues;
    }

    static String deadLetterQueue(String queue) {
        return queue + DEAD_SUFFIX;
    }

    /** Durable, never exclusive, of {@code queue_type}: dead letters outlive the consumer that gave up on them. */
    static void declareDeadLetterQueue(Channel channel, String deadLetterQueue, QueueType type) throws IOException {
        channel.queueDeclare(deadLetterQueue, true, false, false, type.deadLetterQueueArguments());
    }

    /**
     * Republishes a failed event from {@code queue}: to the back of the queue, or to its dead-letter queue once it
     * was delivered {@code max_deliveries} times. Completes when the broker confirmed the copy.
     */
    Future<Outcome> retry(String queue, Delivery delivery) {
        int deliveries = deliveries(delivery);
        Outcome outcome = deliveries >= maxDeliveries ? Outcome.DEAD : Outcome.RETRIED;
        AMQP.BasicProperties copy = copyProperties(delivery, deliveries);
        byte[] body = delivery.getBody();
        if (outcome == Outcome.RETRIED) {
            return publisher.publish(Topology.DEFAULT_EXCHANGE, queue, false, copy, body).map(outcome);
        }
        String dead = deadLetterQueue(queue);
        return deadLetterQueues.declare(dead)
                .compose(v -> publisher.publish(Topology.DEFAULT_EXCHANGE, dead, false, copy, body))
                .map(outcome);
    }

    /**
     * How often this event has been delivered, this delivery included: the count its copy carries (or, for a
     * message RabbitMQ dead-lettered back to the queue, the rejections in its {@code x-death}), plus this message's
     * own deliveries, which RabbitMQ reports as {@code x-delivery-count} on quorum queues and as the
     * {@code redelivered} flag everywhere.
     */
    static int deliveries(Delivery delivery) {
        Map<String, Object> headers = delivery.getProperties().getHeaders();
        Envelope envelope = delivery.getEnvelope();
        int earlierCopies = number(headers == null ? null : headers.get(DELIVERIES));
        if (earlierCopies == 0) {
            earlierCopies = rejectedDeaths(headers);
        }
        int earlierOfThisOne = Math.max(number(headers == null ? null : headers.get(BROKER_DELIVERY_COUNT)),
                envelope.isRedeliver() ? 1 : 0);
        return earlierCopies + earlierOfThisOne + 1;
    }

    /** The rejections RabbitMQ recorded in {@code x-death} (an entry per queue and reason, with its count). */
    private static int rejectedDeaths(Map<String, Object> headers) {
        Object deaths = headers == null ? null : headers.get("x-death");
        if (!(deaths instanceof List<?> list)) {
            return 0;
        }
        int count = 0;
        for (Object entry : list) {
            if (entry instanceof Map<?, ?> death && "rejected".equals(String.valueOf(death.get("reason")))) {
                count += Math.max(1, number(death.get("count")));
            }
        }
        return count;
    }

    private static int number(Object value) {
        if (value instanceof Number n) {
            return (int) Math.min(Integer.MAX_VALUE, Math.max(0, n.longValue()));
        }
        return 0;
    }

    /** The event's own properties and headers, with the new count and where it was first published. */
    private static AMQP.BasicProperties copyProperties(Delivery delivery, int deliveries) {
        AMQP.BasicProperties original = delivery.getProperties();
        Map<String, Object> headers = new LinkedHashMap<>();
        if (original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.remove(BROKER_DELIVERY_COUNT);
        headers.put(DELIVERIES, deliveries);
        headers.putIfAbsent(FIRST_EXCHANGE, delivery.getEnvelope().getExchange());
        headers.putIfAbsent(FIRST_ROUTING_KEY, delivery.getEnvelope().getRoutingKey());
        return original.builder().headers(headers).build();
    }
}
