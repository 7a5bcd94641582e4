package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Publishing to a real RabbitMQ: every confirm is timed, and a mandatory message nobody can route is counted. */
class BrokerMetricsTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();

    BrokerMetricsTest() {
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void close() {
        Metrics.removeRegistry(meters);
        broker.close();
    }

    @Test
    void confirmsAreTimedAndUnroutableMandatoryMessagesAreCountedAsReturns() throws Exception {
        AmqpLink link = mock(AmqpLink.class);
        when(link.createChannel()).thenReturn(broker.raw().createChannel());
        ConfirmingPublisher publisher = new ConfirmingPublisher(link, returned -> { });
        publisher.open();
        double confirmsBefore = confirms();
        double returnsBefore = returns();

        for (int i = 0; i < 3; i++) {
            await(publisher.publish("amq.direct", "nobody-listens", true, new AMQP.BasicProperties(), "{}".getBytes()));
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(confirms() - confirmsBefore).isEqualTo(3);
            assertThat(returns() - returnsBefore).isEqualTo(3);
        });
    }

    private double confirms() {
        return meters.get("enoki.amqp.publish.confirm.duration").tag("outcome", "ok").timer().count();
    }

    private double returns() {
        return meters.get("enoki.amqp.publish.returns").counter().count();
    }
}
