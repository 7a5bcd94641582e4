package dev.enoki;

/**
 * RabbitMQ returned a mandatory message: no queue is bound to take it. Nameko's name for the same failure; nothing
 * was delivered.
 */
public final class UndeliverableMessage extends EnokiException {
    private final String exchange;
    private final String routingKey;

    public UndeliverableMessage(String exchange, String routingKey, String reason) {
        super("RabbitMQ returned the message to exchange '" + exchange + "' with routing key '" + routingKey + "': "
                + reason);
        this.exchange = exchange;
        this.routingKey = routingKey;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }
}
