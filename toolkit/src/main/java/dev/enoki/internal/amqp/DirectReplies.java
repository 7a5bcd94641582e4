package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Replies sent straight to the caller's reply queue through the broker's default exchange, which routes by queue
 * name with no lookup, where the topic exchange Nameko replies through walks its bindings for every reply. Only a
 * caller that names its reply queue in {@code reply_to} can be answered so (an Enoki caller does, see
 * {@link Topology#declareReplyQueue}); a Nameko caller gives a bare uuid, which only the RPC exchange routes.
 * <p>
 * A user whose permissions name only the exchanges it uses may not write to the default exchange, and the broker
 * answers such a publish by closing the channel. So a transport asks once, before it serves its first RPC
 * entrypoint, with a message nobody receives, on a channel of its own; and if the broker refuses one later all the
 * same, replies go through the RPC exchange from then on.
 */
final class DirectReplies {
    private static final Logger log = LoggerFactory.getLogger(DirectReplies.class);
    /** What the broker answers a publish the user has no write permission for. */
    private static final int ACCESS_REFUSED = 403;
    /** A routing key no queue is named: the probe is dropped once routed. */
    private static final String PROBE_KEY = "enoki.default-exchange-probe";
    private static final long PROBE_TIMEOUT_SECONDS = 10;

    private final String rpcExchange;
    private volatile boolean allowed;

    DirectReplies(String rpcExchange, boolean allowed) {
        this.rpcExchange = rpcExchange;
        this.allowed = allowed;
    }

    /** Asks the broker whether this user may write to the default exchange; call from a blocking task. */
    static DirectReplies probe(AmqpLink link, String rpcExchange) {
        String unanswered = "RabbitMQ did not confirm it";
        Channel channel = null;
        try {
            channel = link.createChannel();
            channel.confirmSelect();
            channel.basicPublish(Topology.DEFAULT_EXCHANGE, PROBE_KEY, false, new AMQP.BasicProperties(),
                    new byte[0]);
            if (channel.waitForConfirms(TimeUnit.SECONDS.toMillis(PROBE_TIMEOUT_SECONDS))) {
                return new DirectReplies(rpcExchange, true);
            }
        } catch (Exception e) {
            unanswered = isRefusal(e) ? "this user may not write to it" : "asking failed: " + e;
        } finally {
            closeQuietly(channel);
        }
        log.info("replies go through the exchange {}, not RabbitMQ's default exchange: {}", rpcExchange, unanswered);
        return new DirectReplies(rpcExchange, false);
    }

    /** Where a reply to {@code replyTo} goes: straight to the queue it names, or through the RPC exchange. */
    String exchangeFor(String replyTo) {
        return allowed && Topology.isReplyQueue(replyTo) ? Topology.DEFAULT_EXCHANGE : rpcExchange;
    }

    /**
     * Whether {@code failure} is the broker refusing a reply to the default exchange; if so, replies go through the
     * RPC exchange from now on.
     */
    boolean refusedBy(Throwable failure) {
        if (!isRefusal(failure)) {
            return false;
        }
        if (allowed) {
            allowed = false;
            log.info("RabbitMQ refused a reply to its default exchange; replies go through the exchange {} from now on",
                    rpcExchange);
        }
        return true;
    }

    private static boolean isRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && signal.getReason() instanceof AMQP.Channel.Close close
                    && close.getReplyCode() == ACCESS_REFUSED) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (Exception e) {
                log.debug("closing the probe's channel: {}", e.toString());
            }
        }
    }
}
