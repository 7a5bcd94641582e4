package dev.enoki.transport;

/**
 * A queue to consume and where it takes its messages from: bound to {@code exchange} (of {@code exchangeType}) with
 * {@code routingKey}, or to nothing when the exchange is the default one ({@code ""}).
 */
public record QueueBinding(String queue, String exchange, String exchangeType, String routingKey) {
}
