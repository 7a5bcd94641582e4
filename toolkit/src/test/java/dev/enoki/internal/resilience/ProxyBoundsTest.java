package dev.enoki.internal.resilience;

import dev.enoki.ConfigurationError;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceBusy;
import dev.enoki.ServiceContainer;
import dev.enoki.rpc.CallGuard;
import dev.enoki.testing.Futures;
import dev.enoki.transport.RpcRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @RpcProxy(attempts, maxInFlight)}: one proxy's own bounds in place of the container's {@code retry} and
 * {@code bulkhead} sections, the container's where it gives none.
 */
class ProxyBoundsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final RpcRequest CHARGE = new RpcRequest("payments", "charge", Buffer.buffer("{}"), Map.of(), 0);

    @Service("orders")
    public static class Orders {
        @Rpc
        public String place() {
            return "placed";
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger sent = new AtomicInteger();
    private CallPolicies policies;

    @BeforeEach
    void startContainer() {
        JsonObject config = new JsonObject().put("bulkhead", new JsonObject().put("max_in_flight", 2));
        ServiceContainer orders = new ServiceContainer(Orders.class, config);
        Futures.await(orders.start(vertx), WAIT);
        policies = new CallPolicies(orders);
    }

    @AfterEach
    void closeVertx() {
        vertx.close();
    }

    @Test
    void aProxysOwnAttemptsReplaceTheConfiguredOnesAndZeroKeepsThem() {
        assertThat(attemptsOfARefusedCall(policies.forProxy(1, -1))).isEqualTo(1);
        assertThat(attemptsOfARefusedCall(policies.forProxy(2, -1))).isEqualTo(2);
        assertThat(attemptsOfARefusedCall(policies.forProxy(0, -1))).as("the config's 3").isEqualTo(3);
    }

    @Test
    void aProxysOwnInFlightLimitCountsItsOwnCallsAndMinusOneKeepsTheConfiguredOne() {
        CallGuard single = policies.forProxy(0, 1);
        single.call(CHARGE, Set.of(), this::hold);
        Future<Buffer> second = single.call(CHARGE, Set.of(), this::hold);
        assertThat(second.cause()).isInstanceOf(ServiceBusy.class)
                .hasMessageContaining("already has 1 calls in flight to payments");

        CallGuard configured = policies.forProxy(0, -1);
        assertThat(configured.call(CHARGE, Set.of(), this::hold).failed()).isFalse();
        assertThat(configured.call(CHARGE, Set.of(), this::hold).failed()).isFalse();
        assertThat(configured.call(CHARGE, Set.of(), this::hold).cause()).as("the config's 2")
                .isInstanceOf(ServiceBusy.class);

        CallGuard unlimited = policies.forProxy(0, 0);
        for (int i = 0; i < 50; i++) {
            assertThat(unlimited.call(CHARGE, Set.of(), this::hold).failed()).isFalse();
        }
        assertThat(sent.get()).isEqualTo(1 + 2 + 50);
    }

    @Test
    void boundsBelowTheirMeaningfulRangeAreAConfigurationError() {
        assertThatThrownBy(() -> policies.forProxy(-1, -1)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("attempts");
        assertThatThrownBy(() -> policies.forProxy(0, -2)).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("maxInFlight");
    }

    private int attemptsOfARefusedCall(CallGuard guard) {
        AtomicInteger attempts = new AtomicInteger();
        Future<Buffer> call = guard.call(CHARGE, Set.of(), request -> {
            attempts.incrementAndGet();
            return Future.failedFuture(new ServiceBusy("payments is full"));
        });
        assertThatThrownBy(() -> Futures.await(call, WAIT)).isInstanceOf(ServiceBusy.class);
        return attempts.get();
    }

    private Future<Buffer> hold(RpcRequest request) {
        sent.incrementAndGet();
        return Promise.<Buffer>promise().future();
    }
}
