package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Nameko-style RPC caller written with the plain RabbitMQ client and no Enoki code: a reply queue declared and
 * bound and requests published as NAMEKO-WIRE.md §2.3 and §6.1 say. Keeps every reply it gets, to count duplicates.
 */
final class RawRpcClient {
    static final String EXCHANGE = "nameko-rpc";

    private final Channel channel;
    private final String replyTo = UUID.randomUUID().toString();
    private final Map<String, CompletableFuture<Delivery>> waiting = new ConcurrentHashMap<>();
    private final List<Delivery> received = new CopyOnWriteArrayList<>();

    RawRpcClient(Connection connection) throws Exception {
        channel = connection.createChannel();
        channel.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        String queue = "rpc.reply-raw_client-" + replyTo;
        channel.queueDeclare(queue, true, false, false, Map.of("x-expires", 300_000));
        channel.queueBind(queue, EXCHANGE, replyTo);
        channel.basicConsume(queue, true, (tag, delivery) -> {
            received.add(delivery);
            CompletableFuture<Delivery> future = waiting.remove(String.valueOf(delivery.getProperties().getCorrelationId()));
            if (future != null) {
                future.complete(delivery);
            }
        }, tag -> { });
    }

    /** The properties a Nameko client sends (NAMEKO-WIRE.md §3), a fresh correlation id and this client's reply_to. */
    AMQP.BasicProperties.Builder namekoProperties(Map<String, Object> headers) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").contentEncoding("utf-8")
                .deliveryMode(2).priority(0).headers(headers)
                .correlationId(UUID.randomUUID().toString()).replyTo(replyTo);
    }

    /** Publishes a request as given; the reply future completes when its correlation id comes back. */
    CompletableFuture<Delivery> send(String routingKey, AMQP.BasicProperties properties, byte[] body) throws Exception {
        CompletableFuture<Delivery> reply = new CompletableFuture<>();
        if (properties.getCorrelationId() != null) {
            waiting.put(properties.getCorrelationId(), reply);
        }
        synchronized (channel) {
            channel.basicPublish(EXCHANGE, routingKey, true, properties, body);
        }
        return reply;
    }

    /** A call with Nameko's properties and the given JSON body; waits for the reply. */
    Delivery call(String routingKey, String body, Map<String, Object> headers) throws Exception {
        return send(routingKey, namekoProperties(headers).build(), body.getBytes(StandardCharsets.UTF_8))
                .get(20, TimeUnit.SECONDS);
    }

    Delivery call(String routingKey, String body) throws Exception {
        return call(routingKey, body, Map.of());
    }

    String replyTo() {
        return replyTo;
    }

    List<Delivery> received() {
        return List.copyOf(received);
    }

    static String bodyOf(Delivery delivery) {
        return new String(delivery.getBody(), StandardCharsets.UTF_8);
    }
}
