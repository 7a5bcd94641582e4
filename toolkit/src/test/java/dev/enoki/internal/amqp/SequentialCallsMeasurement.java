package dev.enoki.internal.amqp;

import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.EnokiClient;
import dev.enoki.EnokiOptions;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test that CI runs (its name matches no test pattern): a measurement of the common call path, 2,000
 * sequential calls to a running service, in three rounds after a warm-up; and of what {@link RunningServices} adds
 * to it, a check answered from what it learnt and a check that asks the broker. Run it (on two trees to compare):
 * {@code ./mvnw -B -o -pl toolkit -am test -Dtest=SequentialCallsMeasurement -Dsurefire.failIfNoSpecifiedTests=false},
 * then read {@code toolkit/target/surefire-reports/dev.enoki.internal.amqp.SequentialCallsMeasurement-output.txt}.
 */
class SequentialCallsMeasurement {
    private static final int WARM_UP = 1_000;
    private static final int CALLS = 2_000;
    private static final int ROUNDS = 3;

    @Service("cost_svc")
    public static class Echo {
        @Rpc
        public int echo(int n) {
            return n;
        }
    }

    @Test
    void sequentialCallsToARunningService() {
        try (RabbitTestBroker broker = RabbitTestBroker.freshVhost()) {
            Vertx vertx = Vertx.vertx();
            ServiceContainer service = new ServiceContainer(Echo.class, broker.config());
            await(service.start(vertx));
            try (EnokiClient client = await(EnokiClient.connect(vertx, broker.config()))) {
                ServiceProxy echo = client.proxy("cost_svc");
                for (int i = 0; i < WARM_UP; i++) {
                    assertThat(echo.call("echo", Integer.class, i)).isEqualTo(i);
                }
                for (int round = 1; round <= ROUNDS; round++) {
                    long started = System.nanoTime();
                    for (int i = 0; i < CALLS; i++) {
                        assertThat(echo.call("echo", Integer.class, i)).isEqualTo(i);
                    }
                    long nanos = System.nanoTime() - started;
                    System.out.printf("round %d: %d sequential calls in %.0f ms, %.1f µs a call%n", round, CALLS,
                            nanos / 1e6, nanos / 1e3 / CALLS);
                }
            } finally {
                await(service.stop());
                await(vertx.close());
            }
        }
    }

    @Test
    void whatTheCheckCosts() throws Exception {
        try (RabbitTestBroker broker = RabbitTestBroker.freshVhost()) {
            Vertx vertx = Vertx.vertx();
            ServiceContainer service = new ServiceContainer(Echo.class, broker.config());
            await(service.start(vertx));
            AmqpSettings settings = AmqpSettings.from(broker.config(), EnokiOptions.fromJson(broker.config()));
            AmqpLink link = await(AmqpLink.open(vertx, settings, "measure", new AmqpLink.Listener() {
                @Override
                public void lost(ShutdownSignalException cause) {
                }

                @Override
                public void recovered() {
                }
            }));
            RunningServices running = new RunningServices(vertx, link, settings.recoveryInterval());
            try {
                assertThat(verdict(running, "cost_svc")).isEqualTo(RunningServices.Verdict.RUNNING);
                AtomicInteger atOnce = new AtomicInteger();
                int checks = 200_000;
                long started = System.nanoTime();
                for (int i = 0; i < checks; i++) {
                    running.check("cost_svc", v -> atOnce.incrementAndGet());
                }
                long nanos = System.nanoTime() - started;
                System.out.printf("a check answered from what was learnt: %.0f ns (%d of %d at once)%n",
                        (double) nanos / checks, atOnce.get(), checks);

                await(service.stop());   // its queue stays, without a consumer: every check asks the broker
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> verdict(running, "cost_svc") == RunningServices.Verdict.NOT_RUNNING);
                int asked = 500;
                started = System.nanoTime();
                for (int i = 0; i < asked; i++) {
                    assertThat(verdict(running, "cost_svc")).isEqualTo(RunningServices.Verdict.NOT_RUNNING);
                }
                nanos = System.nanoTime() - started;
                System.out.printf("a check that asks the broker: %.0f µs%n", nanos / 1e3 / asked);
            } finally {
                running.close();
                await(link.close());
                await(vertx.close());
            }
        }
    }

    private static RunningServices.Verdict verdict(RunningServices running, String service) throws Exception {
        CompletableFuture<RunningServices.Verdict> verdict = new CompletableFuture<>();
        running.check(service, verdict::complete);
        return verdict.get(10, TimeUnit.SECONDS);
    }
}
