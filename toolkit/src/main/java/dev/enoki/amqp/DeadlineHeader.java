package dev.enoki.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How an RPC request carries its caller's deadline. Two parts, each understood by one party: the AMQP
 * {@code expiration} (the milliseconds left when it was sent) lets RabbitMQ drop the request unseen once it is at
 * the head of the queue and its time is up, with no clock in common needed; the {@code enoki-deadline} header (epoch
 * milliseconds) lets an Enoki service refuse a request that reached it, or waited for a worker, too late. Nameko
 * ignores {@code expiration} and takes the header as one more context entry; a request without either (from
 * Nameko) has no deadline. The header is read only under its own name: the {@code nameko.enoki-deadline} a Nameko
 * service would pass on is an old caller's deadline, not this request's.
 */
final class DeadlineHeader {
    static final String NAME = "enoki-deadline";

    private DeadlineHeader() {
    }

    /** Sets expiration and header on a request published at {@code now}; nothing when there is no deadline. */
    static void write(AMQP.BasicProperties.Builder properties, Map<String, Object> headers, long deadline, long now) {
        if (deadline == 0) {
            return;
        }
        properties.expiration(Long.toString(Math.max(1, deadline - now)));
        headers.put(NAME, deadline);
    }

    /** The deadline a request carries, epoch milliseconds; 0 when it has none or it cannot be read. */
    static long read(Map<String, Object> headers) {
        Object value = headers == null ? null : headers.get(NAME);
        if (value instanceof Number number) {
            return Math.max(0, number.longValue());
        }
        if (value instanceof LongString || value instanceof String) {
            String text = value instanceof LongString s ? new String(s.getBytes(), StandardCharsets.UTF_8)
                    : (String) value;
            try {
                return Math.max(0, Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** True for the header and for its prefixed copy, neither of which is context data. */
    static boolean isDeadline(String headerName) {
        return headerName.equals(NAME) || headerName.equals(ContextHeaders.PREFIX + NAME);
    }
}
