package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import io.vertx.core.Future;

import java.time.Duration;

/** Where an RPC server's replies go, and all a {@link RpcResponder} may ask of the publishing connection. */
interface ReplyPublisher {

    /** Publishes a reply to the RPC exchange under {@code replyTo}; completes once the broker confirmed it. */
    Future<Void> publish(String replyTo, AMQP.BasicProperties properties, byte[] body);

    /** The publishing connection is lost and the client is bringing it back. */
    boolean down();

    /** Completes once the publishing connection is back; fails if it stays away too long. */
    Future<Void> back();

    /** Replies through {@code publisher} on {@code link}; waits for a lost link at most {@code recoveryWait}. */
    static ReplyPublisher on(ConfirmingPublisher publisher, AmqpLink link, String rpcExchange, Duration recoveryWait) {
        return new ReplyPublisher() {
            @Override
            public Future<Void> publish(String replyTo, AMQP.BasicProperties properties, byte[] body) {
                return publisher.publishTogether(rpcExchange, replyTo, properties, body);
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
