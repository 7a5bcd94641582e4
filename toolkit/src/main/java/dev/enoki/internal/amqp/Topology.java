package dev.enoki.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.enoki.HandlerType;
import dev.enoki.transport.EventSubscription;

import java.io.IOException;
import java.util.Map;

/**
 * Nameko's exchanges and queues, named and declared exactly as NAMEKO-WIRE.md §2 says: RabbitMQ refuses a
 * redeclaration whose flags or arguments differ, so every flag here matters.
 */
final class Topology {
    /** Reply queues live five minutes without a consumer; a 32-bit int on the wire, as Nameko sends it. */
    static final Map<String, Object> REPLY_QUEUE_ARGUMENTS = Map.of("x-expires", 300_000);

    private Topology() {
    }

    static String rpcQueue(String service) {
        return "rpc-" + service;
    }

    static String rpcBinding(String service) {
        return service + ".*";
    }

    static String replyQueue(String owner, String uuid) {
        return "rpc.reply-" + owner + "-" + uuid;
    }

    static String eventExchange(String source) {
        return source + ".events";
    }

    /** NAMEKO-WIRE.md §2.5: the queue name of a handler, by handler type. */
    static String eventQueue(EventSubscription s) {
        return s.queueName();
    }

    static boolean eventQueueExclusive(EventSubscription s) {
        return s.type() == HandlerType.BROADCAST && !s.reliableDelivery();
    }

    static boolean eventQueueAutoDelete(EventSubscription s) {
        return !s.reliableDelivery();
    }

    /** The RPC exchange: topic, durable, for requests and replies alike. */
    static void declareRpcExchange(Channel channel, String exchange) throws IOException {
        channel.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true, false, false, null);
    }

    static void declareEventExchange(Channel channel, String source) throws IOException {
        channel.exchangeDeclare(eventExchange(source), BuiltinExchangeType.TOPIC, true, false, false, null);
    }

    static void declareRpcQueue(Channel channel, String exchange, String service) throws IOException {
        declareRpcExchange(channel, exchange);
        channel.queueDeclare(rpcQueue(service), true, false, false, null);
        channel.queueBind(rpcQueue(service), exchange, rpcBinding(service));
    }

    /** Declares the reply queue and binds it with the bare uuid, which callers put in {@code reply_to}. */
    static String declareReplyQueue(Channel channel, String exchange, String owner, String uuid) throws IOException {
        declareRpcExchange(channel, exchange);
        String queue = replyQueue(owner, uuid);
        channel.queueDeclare(queue, true, false, false, REPLY_QUEUE_ARGUMENTS);
        channel.queueBind(queue, exchange, uuid);
        return queue;
    }

    static String declareEventQueue(Channel channel, EventSubscription s) throws IOException {
        declareEventExchange(channel, s.source());
        String queue = eventQueue(s);
        channel.queueDeclare(queue, true, eventQueueExclusive(s), eventQueueAutoDelete(s), null);
        channel.queueBind(queue, eventExchange(s.source()), s.eventType());
        return queue;
    }
}
