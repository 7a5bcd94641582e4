package dev.enoki.internal.resilience;

import dev.enoki.ServiceBusy;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BulkheadsTest {
    private static final RpcRequest CHARGE = new RpcRequest("payments", "charge", Buffer.buffer("{}"), Map.of(), 0);

    private final List<Promise<Buffer>> inFlight = new ArrayList<>();

    @Test
    void pastTheLimitACallFailsAtOnceWithServiceBusyUnsentAndAFinishedCallMakesRoom() {
        Bulkheads bulkheads = new Bulkheads("orders", 2);
        bulkheads.call(CHARGE, this::hold);
        bulkheads.call(CHARGE, this::hold);

        Future<Buffer> third = bulkheads.call(CHARGE, this::hold);

        assertThat(third.cause()).isInstanceOf(ServiceBusy.class)
                .hasMessage("payments.charge was not sent: orders already has 2 calls in flight to payments");
        assertThat(inFlight).hasSize(2);

        inFlight.get(0).fail("timed out");
        assertThat(bulkheads.call(CHARGE, this::hold).failed()).isFalse();
        assertThat(inFlight).hasSize(3);
    }

    @Test
    void eachServiceHasItsOwnLimit() {
        Bulkheads bulkheads = new Bulkheads("orders", 1);
        bulkheads.call(CHARGE, this::hold);

        RpcRequest email = new RpcRequest("emails", "send", Buffer.buffer("{}"), Map.of(), 0);
        assertThat(bulkheads.call(email, this::hold).failed()).isFalse();
        assertThat(inFlight).hasSize(2);
    }

    @Test
    void noLimitUnlessOneIsSet() {
        Bulkheads bulkheads = new Bulkheads("orders", 0);
        for (int i = 0; i < 500; i++) {
            assertThat(bulkheads.call(CHARGE, this::hold).failed()).isFalse();
        }
        assertThat(inFlight).hasSize(500);
    }

    private Future<Buffer> hold(RpcRequest request) {
        Promise<Buffer> reply = Promise.promise();
        inFlight.add(reply);
        return reply.future();
    }
}
