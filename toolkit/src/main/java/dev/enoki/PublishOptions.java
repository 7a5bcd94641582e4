package dev.enoki;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one message is published, with Nameko's {@code Publisher} defaults: persistent, not mandatory, priority 0,
 * no expiration, the {@link Publish} field's routing key. Headers travel as given, beside the worker's context data
 * (whose {@code nameko.*} headers win where a name is the same, as in Nameko).
 */
public final class PublishOptions {
    public static final int TRANSIENT = 1;
    public static final int PERSISTENT = 2;

    private String routingKey;
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private boolean mandatory;
    private int deliveryMode = PERSISTENT;
    private int priority;
    private Duration expiration;

    /** The routing key; null (the default) for the {@link Publish} field's. */
    public PublishOptions routingKey(String routingKey) {
        this.routingKey = routingKey;
        return this;
    }

    /** Adds an application header: a string, number, boolean, list or map. */
    public PublishOptions header(String name, Object value) {
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** RabbitMQ returns a message no queue takes, and the publish fails with {@link UndeliverableMessage}. */
    public PublishOptions mandatory(boolean mandatory) {
        this.mandatory = mandatory;
        return this;
    }

    /** {@link #PERSISTENT} (2, the default) or {@link #TRANSIENT} (1). */
    public PublishOptions deliveryMode(int deliveryMode) {
        if (deliveryMode != TRANSIENT && deliveryMode != PERSISTENT) {
            throw new IllegalArgumentException("delivery mode must be 1 (transient) or 2 (persistent), not "
                    + deliveryMode);
        }
        this.deliveryMode = deliveryMode;
        return this;
    }

    /** 0 to 255; it orders messages in a queue declared with {@code x-max-priority}. */
    public PublishOptions priority(int priority) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority must be between 0 and 255, not " + priority);
        }
        this.priority = priority;
        return this;
    }

    /** The message's time to live in its queues, in whole milliseconds; null for none. */
    public PublishOptions expiration(Duration expiration) {
        if (expiration != null && (expiration.isNegative() || expiration.toMillis() == 0 && !expiration.isZero())) {
            throw new IllegalArgumentException("expiration must be zero or more whole milliseconds");
        }
        this.expiration = expiration;
        return this;
    }

    public String routingKey() {
        return routingKey;
    }

    public Map<String, Object> headers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public boolean mandatory() {
        return mandatory;
    }

    public int deliveryMode() {
        return deliveryMode;
    }

    public int priority() {
        return priority;
    }

    public Duration expiration() {
        return expiration;
    }
}
