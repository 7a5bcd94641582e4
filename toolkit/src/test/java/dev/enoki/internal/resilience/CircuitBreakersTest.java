package dev.enoki.internal.resilience;

import dev.enoki.CircuitOpen;
import dev.enoki.ConfigurationError;
import dev.enoki.MethodNotFound;
import dev.enoki.RpcTimeout;
import dev.enoki.UnknownService;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.transport.RpcRequest;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CircuitBreakersTest {
    private static final RpcRequest CHARGE = new RpcRequest("payments", "charge", Buffer.buffer("{}"), Map.of(), 0);
    private static final Set<String> NONE_DECLARED = Set.of();

    private final AtomicInteger sent = new AtomicInteger();

    @Test
    void opensWhenHalfOfTwentyCallsFailedThenFailsCallsAtOnceUnsent() {
        CircuitBreakers breakers = new CircuitBreakers("orders", BreakerOptions.defaults());
        for (int i = 0; i < 10; i++) {
            call(breakers, answering(ok()));
            call(breakers, failingWith(new RpcTimeout("late")));
        }
        assertThat(sent).hasValue(20);

        Future<Buffer> refused = call(breakers, answering(ok()));

        assertThat(refused.cause()).isInstanceOf(CircuitOpen.class)
                .hasMessageContaining("payments.charge was not sent").hasMessageContaining("orders");
        assertThat(sent).hasValue(20);
        assertThat(breakers.states()).containsExactly("payments=OPEN");
    }

    @Test
    void eachBreakersStateIsAGaugeForMetrics() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            CircuitBreakers breakers = new CircuitBreakers("gauged", BreakerOptions.defaults());
            call(breakers, answering(ok()));
            Gauge state = registry.get("enoki.circuit_breaker.state").tags("service", "gauged", "target", "payments")
                    .gauge();
            assertThat(state.value()).isZero();

            for (int i = 0; i < 20; i++) {
                call(breakers, failingWith(new RpcTimeout("late")));
            }
            assertThat(state.value()).isEqualTo(2);
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    @Test
    void fewerCallsThanTheMinimumNeverOpenItHoweverManyFailed() {
        CircuitBreakers breakers = new CircuitBreakers("orders", BreakerOptions.defaults());
        for (int i = 0; i < 19; i++) {
            call(breakers, failingWith(new RpcTimeout("late")));
        }
        assertThat(call(breakers, answering(ok())).succeeded()).isTrue();
        assertThat(sent).hasValue(20);
    }

    @Test
    void aCallersMistakesUnknownServicesAndDeclaredErrorsAreAnswersNotFailures() {
        CircuitBreakers breakers = new CircuitBreakers("orders", BreakerOptions.defaults());
        Set<String> declared = Set.of("shop.OutOfStock");
        for (int i = 0; i < 10; i++) {
            call(breakers, answering(ReplyBody.ofError(new MethodNotFound("refund"))));
            call(breakers, failingWith(new UnknownService("payments")));
            breakers.call(CHARGE, declared, answering(errorReply("OutOfStock", "shop.OutOfStock")));
        }
        assertThat(breakers.states()).containsExactly("payments=CLOSED");
        assertThat(call(breakers, answering(ok())).succeeded()).isTrue();
    }

    @Test
    void unexpectedRemoteErrorsCountAsFailures() {
        CircuitBreakers breakers = new CircuitBreakers("orders", BreakerOptions.defaults());
        Buffer valueError = errorReply("ValueError", "builtins.ValueError");
        for (int i = 0; i < 20; i++) {
            call(breakers, answering(valueError));
        }
        assertThat(call(breakers, answering(ok())).cause()).isInstanceOf(CircuitOpen.class);
    }

    @Test
    void afterOpenForOneProbeGoesThroughAndClosesItWhenTheServiceHealed() {
        CircuitBreakers breakers = new CircuitBreakers("orders", new BreakerOptions(true, 50, 2,
                Duration.ofSeconds(60), Duration.ofMillis(200), 1));
        call(breakers, failingWith(new RpcTimeout("late")));
        call(breakers, failingWith(new RpcTimeout("late")));
        assertThat(breakers.states()).containsExactly("payments=OPEN");

        await().atMost(Duration.ofSeconds(10)).until(() -> call(breakers, answering(ok())).succeeded());

        assertThat(breakers.states()).containsExactly("payments=CLOSED");
        assertThat(call(breakers, answering(ok())).succeeded()).isTrue();
    }

    @Test
    void aFailedProbeOpensItAgain() {
        CircuitBreakers breakers = new CircuitBreakers("orders", new BreakerOptions(true, 50, 2,
                Duration.ofSeconds(60), Duration.ofMillis(200), 1));
        call(breakers, failingWith(new RpcTimeout("late")));
        call(breakers, failingWith(new RpcTimeout("late")));
        int before = sent.get();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> call(breakers, failingWith(new RpcTimeout("still late"))).cause() instanceof RpcTimeout);

        assertThat(sent).hasValue(before + 1);
        assertThat(breakers.states()).containsExactly("payments=OPEN");
    }

    @Test
    void eachServiceHasItsOwnBreaker() {
        CircuitBreakers breakers = new CircuitBreakers("orders", BreakerOptions.defaults());
        for (int i = 0; i < 20; i++) {
            call(breakers, failingWith(new RpcTimeout("late")));
        }
        RpcRequest email = new RpcRequest("emails", "send", Buffer.buffer("{}"), Map.of(), 0);
        assertThat(breakers.call(email, NONE_DECLARED, answering(ok())).succeeded()).isTrue();
        assertThat(breakers.states()).containsExactly("emails=CLOSED", "payments=OPEN");
    }

    @Test
    void disabledBreakersLetEveryCallThrough() {
        CircuitBreakers breakers = new CircuitBreakers("orders",
                BreakerOptions.fromConfig(new JsonObject().put("circuit_breaker", new JsonObject().put("enabled", false))));
        for (int i = 0; i < 30; i++) {
            call(breakers, failingWith(new RpcTimeout("late")));
        }
        assertThat(call(breakers, answering(ok())).succeeded()).isTrue();
        assertThat(sent).hasValue(31);
    }

    @Test
    void theConfigSectionOverridesTheDefaultsAndABadValueNamesItsKey() {
        BreakerOptions options = BreakerOptions.fromConfig(new JsonObject().put("circuit_breaker",
                new JsonObject().put("minimum_calls", 5).put("open_for", "2s")));
        assertThat(options.minimumCalls()).isEqualTo(5);
        assertThat(options.openFor()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.failureRate()).isEqualTo(50);

        assertThatThrownBy(() -> BreakerOptions.fromConfig(new JsonObject().put("circuit_breaker",
                new JsonObject().put("failure_rate", "half")))).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("circuit_breaker.failure_rate");
        assertThatThrownBy(() -> BreakerOptions.fromConfig(new JsonObject().put("circuit_breaker",
                new JsonObject().put("failure_rate", 150)))).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("failure_rate must be above 0 and at most 100");
    }

    private Future<Buffer> call(CircuitBreakers breakers, Function<RpcRequest, Future<Buffer>> send) {
        return breakers.call(CHARGE, NONE_DECLARED, send);
    }

    private Function<RpcRequest, Future<Buffer>> answering(Buffer reply) {
        return request -> {
            sent.incrementAndGet();
            return Future.succeededFuture(reply);
        };
    }

    private Function<RpcRequest, Future<Buffer>> failingWith(Throwable failure) {
        return request -> {
            sent.incrementAndGet();
            return Future.failedFuture(failure);
        };
    }

    /** A reply as Nameko writes it for an exception of this type. */
    private static Buffer errorReply(String type, String path) {
        return Buffer.buffer("{\"result\": null, \"error\": {\"exc_type\": \"" + type + "\", \"exc_path\": \""
                + path + "\", \"exc_args\": [\"x\"], \"value\": \"x\"}}");
    }

    private static Buffer ok() {
        try {
            return ReplyBody.of("charged");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
