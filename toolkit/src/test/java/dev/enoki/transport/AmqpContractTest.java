package dev.enoki.transport;

import dev.enoki.testing.Futures;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The transport contract on RabbitMQ, in a vhost of its own that the tests of this class share. */
class AmqpContractTest extends TransportContract {
    private static RabbitVhost vhost;

    @BeforeAll
    static void createVhost() {
        vhost = RabbitVhost.create("enoki-contract-");
    }

    @AfterAll
    static void deleteVhost() {
        vhost.close();
    }

    @Override
    protected JsonObject config() {
        return new JsonObject().put("AMQP_URI", vhost.uri());
    }

    /** The unacknowledged request goes back to the service's queue and the other instance answers it. */
    @Override
    protected void assertCallOfAKilledInstance(Future<Integer> call) {
        assertThat(Futures.await(call, Duration.ofSeconds(15))).isEqualTo(40);
    }
}
