package dev.enoki.internal.amqp;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import dev.enoki.HandlerType;
import dev.enoki.transport.EventSubscription;
import dev.enoki.transport.QueueBinding;

import java.io.IOException;
import java.util.Map;

/**
 * Nameko's exchanges and queues, named and declared exactly as NAMEKO-WIRE.md §2 says: RabbitMQ refuses a
 * redeclaration whose flags or arguments differ, so every flag here matters. With {@code queue_type: quorum} the
 * durable queues Enoki consumes are quorum queues instead ({@link QueueType}); everything else stays Nameko's.
 */
final class Topology {
    /** Reply queues live five minutes without a consumer; a 32-bit int on the wire, as Nameko sends it. */
    static final Map<String, Object> REPLY_QUEUE_ARGUMENTS = Map.of("x-expires", 300_000);
    /** The broker's default exchange: routes a message to the queue its routing key names. */
    static final String DEFAULT_EXCHANGE = "";
    private static final String REPLY_QUEUE_PREFIX = "rpc.reply-";

    private Topology() {
    }

    static String rpcQueue(String service) {
        return "rpc-" + service;
    }

    static String rpcBinding(String service) {
        return service + ".*";
    }

    static String replyQueue(String owner, String uuid) {
        return REPLY_QUEUE_PREFIX + owner + "-" + uuid;
    }

    /** Whether a request's {@code reply_to} names a reply queue, as an Enoki caller's does, not a bare uuid. */
    static boolean isReplyQueue(String replyTo) {
        return replyTo.startsWith(REPLY_QUEUE_PREFIX);
    }

    static String eventExchange(String source) {
        return source + ".events";
    }

    /** NAMEKO-WIRE.md §2.5: the queue name of a handler, by handler type ({@link EventSubscription#queue}). */
    static String eventQueue(EventSubscription s) {
        return s.queue();
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

    /**
     * Topic and durable; auto-delete, or not declared at all, as {@code AUTO_DELETE_EVENT_EXCHANGES} and
     * {@code DECLARE_EVENT_EXCHANGES} say.
     */
    static void declareEventExchange(Channel channel, String source, AmqpSettings.EventExchanges exchanges)
            throws IOException {
        if (exchanges.declare()) {
            channel.exchangeDeclare(eventExchange(source), BuiltinExchangeType.TOPIC, true, exchanges.autoDelete(),
                    false, null);
        }
    }

    static void declareRpcQueue(Channel channel, String exchange, String service, QueueType type) throws IOException {
        declareRpcExchange(channel, exchange);
        declareConsumedQueue(channel, rpcQueue(service), type);
        channel.queueBind(rpcQueue(service), exchange, rpcBinding(service));
    }

    /**
     * Declares the reply queue and binds it with its own name, which requests carry in {@code reply_to} (Nameko's
     * carry a bare uuid): a Nameko service routes the reply through the RPC exchange with that binding, and an Enoki
     * service sends it straight to the queue ({@link DirectReplies}).
     */
    static String declareReplyQueue(Channel channel, String exchange, String owner, String uuid) throws IOException {
        declareRpcExchange(channel, exchange);
        String queue = replyQueue(owner, uuid);
        channel.queueDeclare(queue, true, false, false, REPLY_QUEUE_ARGUMENTS);
        channel.queueBind(queue, exchange, queue);
        return queue;
    }

    /** A queue that goes with its consumer (no reliable delivery) stays classic: a quorum queue cannot. */
    static String declareEventQueue(Channel channel, EventSubscription s, AmqpSettings.EventExchanges exchanges,
                                    QueueType type) throws IOException {
        declareEventExchange(channel, s.source(), exchanges);
        String queue = eventQueue(s);
        if (s.reliableDelivery()) {
            declareConsumedQueue(channel, queue, type);
        } else {
            channel.queueDeclare(queue, true, eventQueueExclusive(s), eventQueueAutoDelete(s), null);
        }
        channel.queueBind(queue, eventExchange(s.source()), s.eventType());
        return queue;
    }

    /**
     * A durable queue that outlives its consumers: as Nameko's (durable, no arguments), or a quorum queue with its
     * dead-letter queue, declared before anything is consumed, so that nothing the broker dead-letters is dropped for
     * want of it. The queue comes first: when it has another type (a conflict), nothing else is left behind.
     */
    private static void declareConsumedQueue(Channel channel, String queue, QueueType type) throws IOException {
        channel.queueDeclare(queue, true, false, false, type.consumedQueueArguments(queue));
        if (type == QueueType.QUORUM) {
            BoundedRetry.declareDeadLetterQueue(channel, BoundedRetry.deadLetterQueue(queue), type);
        }
    }

    /**
     * A {@code @Consume} queue as kombu declares {@code Queue(name, Exchange(exchange, type), routing_key)}: the
     * exchange durable, the queue durable, neither exclusive nor auto-delete; no exchange nor binding for the default
     * exchange.
     */
    static String declareConsumeQueue(Channel channel, QueueBinding b) throws IOException {
        boolean bound = !b.exchange().isEmpty();
        if (bound) {
            declareExchange(channel, b.exchange(), b.exchangeType());
        }
        channel.queueDeclare(b.queue(), true, false, false, null);
        if (bound) {
            channel.queueBind(b.queue(), b.exchange(), b.routingKey());
        }
        return b.queue();
    }

    /** A user's exchange, as kombu's {@code Exchange} declares it: durable, not auto-delete. */
    static void declareExchange(Channel channel, String exchange, String type) throws IOException {
        channel.exchangeDeclare(exchange, type, true, false, false, null);
    }
}
