package dev.enoki.transport;

import dev.enoki.ContainerBeingKilled;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport contract on the embedded event bus, the default when no broker is configured. */
class EventBusContractTest extends TransportContract {

    @Override
    protected JsonObject config() {
        return new JsonObject();
    }

    /** No queue holds the request: the caller hears of the kill at once and may try another instance itself. */
    @Override
    protected void assertCallOfAKilledInstance(Future<Integer> call) {
        assertThatThrownBy(() -> Futures.await(call, Duration.ofSeconds(15)))
                .isInstanceOf(ContainerBeingKilled.class);
    }
}
