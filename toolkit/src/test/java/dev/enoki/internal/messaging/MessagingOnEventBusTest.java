package dev.enoki.internal.messaging;

import dev.enoki.ConfigurationError;
import dev.enoki.Consume;
import dev.enoki.Publish;
import dev.enoki.Publisher;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @Consume} and {@code @Publish} need RabbitMQ: on the event bus a service with either does not start, and
 * says why in a {@link ConfigurationError}; so does an exchange type RabbitMQ does not have.
 */
class MessagingOnEventBusTest {
    private final Vertx vertx = Vertx.vertx();

    @Service("eb_consumer")
    public static class Consumer {
        @Consume(queue = "q")
        public void take(String body) {
        }
    }

    @Service("eb_publisher")
    public static class Sender {
        @Publish(exchange = "x")
        Publisher publisher;

        @Rpc
        public void send(String body) {
            publisher.publish(body);
        }
    }

    @Service("bad_exchange_type")
    public static class BadExchangeType {
        @Consume(queue = "q", exchange = "x", exchangeType = "nonsense")
        public void take(String body) {
        }
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void consumeOnTheEventBusRefusesToStartAndSaysItNeedsRabbitMq() {
        assertThatThrownBy(() -> start(Consumer.class)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("@Consume take needs RabbitMQ (set AMQP_URI)")
                .hasMessageContaining("eventbus");
    }

    @Test
    void publishOnTheEventBusRefusesToStartAndSaysItNeedsRabbitMq() {
        assertThatThrownBy(() -> start(Sender.class)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("@Publish field publisher needs RabbitMQ (set AMQP_URI)");
    }

    @Test
    void anExchangeTypeRabbitMqDoesNotHaveIsRefusedAtStart() {
        assertThatThrownBy(() -> start(BadExchangeType.class)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("exchangeType 'nonsense'");
    }

    private void start(Class<?> service) throws Throwable {
        ServiceContainer container = new ServiceContainer(service, new JsonObject());
        try {
            container.start(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause();
        }
        assertThat(container).as("started, which it must not").isNull();
    }
}
