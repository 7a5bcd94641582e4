package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for a Python Nameko service, written with the plain RabbitMQ client and no Enoki code: it declares
 * and consumes {@code rpc-<service>} and answers each request as NAMEKO-WIRE.md §2.2 and §6.4 say, with the body its
 * {@code answer} function gives for the request. Keeps every request it received.
 */
final class RawNamekoService {
    private final List<Delivery> requests = new CopyOnWriteArrayList<>();

    RawNamekoService(Connection connection, String service, Function<Delivery, String> answer) throws Exception {
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(RawRpcClient.EXCHANGE, BuiltinExchangeType.TOPIC, true, false, false, null);
        channel.queueDeclare("rpc-" + service, true, false, false, null);
        channel.queueBind("rpc-" + service, RawRpcClient.EXCHANGE, service + ".*");
        channel.basicQos(10);
        channel.basicConsume("rpc-" + service, false, (tag, delivery) -> {
            requests.add(delivery);
            AMQP.BasicProperties reply = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .contentEncoding("utf-8").deliveryMode(2).priority(0).headers(Map.of())
                    .correlationId(delivery.getProperties().getCorrelationId()).build();
            channel.basicPublish(RawRpcClient.EXCHANGE, delivery.getProperties().getReplyTo(), reply,
                    answer.apply(delivery).getBytes(StandardCharsets.UTF_8));
            channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        }, tag -> { });
    }

    List<Delivery> requests() {
        return List.copyOf(requests);
    }

    /** The method a request was for: the routing key's last word. */
    static String methodOf(Delivery request) {
        String key = request.getEnvelope().getRoutingKey();
        return key.substring(key.indexOf('.') + 1);
    }
}
