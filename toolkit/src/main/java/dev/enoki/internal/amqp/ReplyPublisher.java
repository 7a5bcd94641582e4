package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import io.vertx.core.Future;

import java.time.Duration;

/** Where an RPC server's replies go, and all a {@link RpcResponder} may ask of the publishing connection. */
interface ReplyPublisher {

    /**
     * Publishes a reply to the caller of {@code replyTo}, straight to its queue where it can ({@link DirectReplies}),
     * else through the RPC exchange; completes once the broker confirmed it.
     */
    Future<Void> publish(String replyTo, AMQP.BasicProperties properties, byte[] body);

    /** The publishing connection is lost and the client is bringing it back. */
    boolean down();

    /** Completes once the publishing connection is back; fails if it stays away too long. */
    Future<Void> back();

    /** Replies through {@code publisher} on {@code link}; waits for a lost link at most {@code recoveryWait}. */
    static ReplyPublisher on(ConfirmingPublisher publisher, AmqpLink link, DirectReplies direct,
                             Duration recoveryWait) {
        return new ReplyPublisher() {
            @Override
            public Future<Void> publish(String replyTo, AMQP.BasicProperties properties, byte[] body) {
                String exchange = direct.exchangeFor(replyTo);
                Future<Void> published = publisher.publishTogether(exchange, replyTo, properties, body);
                if (!Topology.DEFAULT_EXCHANGE.equals(exchange)) {
                    return published;
                }
                // refused all the same: the same reply once more, through the RPC exchange
                return published.recover(e -> direct.refusedBy(e)
                        ? publisher.publishTogether(direct.exchangeFor(replyTo), replyTo, properties, body)
                        : Future.failedFuture(e));
            }

            @Override
            public boolean down() {
                return link.recovering() || !link.isOpen();
            }

            @Override
            public Future<Void> back() {
                return link.available(recoveryWait);
            }
        };
    }
}
