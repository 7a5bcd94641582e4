package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Return;
import dev.enoki.ConfigurationError;
import dev.enoki.PublishOptions;
import dev.enoki.UndeliverableMessage;
import dev.enoki.internal.container.RandomIds;
import dev.enoki.transport.ConsumedMessage;
import dev.enoki.transport.Disposition;
import dev.enoki.transport.InboundHandler;
import dev.enoki.transport.Messaging;
import dev.enoki.transport.OutboundMessage;
import dev.enoki.transport.QueueBinding;
import dev.enoki.transport.Subscription;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nameko's {@code @consume} and {@code Publisher} on the transport's connections (NAMEKO-WIRE.md §7.3): a consumed
 * queue is handled like an event queue, retries included; a message goes out with Nameko's properties, the sender's
 * context as {@code nameko.*} headers, and publisher confirms. A mandatory message carries an id of Enoki's own in
 * {@value #PUBLISH_ID}, so that a return (which RabbitMQ sends before its confirm) fails the very publish it belongs
 * to; consumers drop that header with the other bookkeeping ones.
 */
final class AmqpMessaging implements Messaging {
    static final String PUBLISH_ID = ContextHeaders.ENOKI_BOOKKEEPING + "publish-id";

    private final AmqpTransport transport;
    /** Why RabbitMQ returned each mandatory message whose confirm has not come yet, by publish id. */
    private final Map<String, String> returned = new ConcurrentHashMap<>();

    /** Made with its transport; used once the transport started (its publisher and retries exist from then on). */
    AmqpMessaging(AmqpTransport transport) {
        this.transport = transport;
    }

    @Override
    public Future<Subscription> consume(QueueBinding binding, int prefetch,
                                        InboundHandler<ConsumedMessage, Disposition> handler) {
        QueueConsumer<ConsumedMessage> consumer = QueueConsumer.ofMessages(binding.queue(), handler,
                transport.inbound(), transport.retry(), transport.settings());
        return transport.consume(prefetch, channel -> Topology.declareConsumeQueue(channel, binding),
                consumer::onDelivery);
    }

    @Override
    public Future<Void> declareExchange(String exchange, String type) {
        if (exchange.isEmpty()) {
            return Future.succeededFuture();
        }
        return transport.declare(channel -> Topology.declareExchange(channel, exchange, type))
                .recover(e -> Future.failedFuture(new ConfigurationError("RabbitMQ refused exchange '" + exchange
                        + "' (" + type + ", durable): " + e.getMessage(), e)));
    }

    @Override
    public Future<Void> publish(OutboundMessage message) {
        PublishOptions options = message.options();
        Map<String, Object> headers = ContextHeaders.encode(options.headers(), message.context());
        String id = options.mandatory() ? RandomIds.uuid().toString() : null;
        if (id != null) {
            headers.put(PUBLISH_ID, id);
        }
        AMQP.BasicProperties properties = NamekoMessages.message(headers, options.deliveryMode(), options.priority(),
                options.expiration());
        return transport.publishForCaller("messages", () -> transport.publisher().publish(message.exchange(),
                message.routingKey(), options.mandatory(), properties, message.body().getBytes())
                .transform(confirmed -> settle(id, message, confirmed)));
    }

    /** A confirmed mandatory message may still have been returned: then the publish fails. */
    private Future<Void> settle(String id, OutboundMessage message, AsyncResult<Void> confirmed) {
        String reason = id == null ? null : returned.remove(id);
        if (confirmed.failed()) {
            return Future.failedFuture(confirmed.cause());
        }
        if (reason != null) {
            return Future.failedFuture(new UndeliverableMessage(message.exchange(), message.routingKey(), reason));
        }
        return Future.succeededFuture();
    }

    /** Called on the client's thread for every return, before the returned message's confirm. */
    void onReturn(Return returnedMessage) {
        Map<String, Object> headers = returnedMessage.getProperties().getHeaders();
        Object id = headers == null ? null : headers.get(PUBLISH_ID);
        if (id != null) {
            returned.put(id.toString(), returnedMessage.getReplyCode() + " " + returnedMessage.getReplyText());
        }
    }
}
