package dev.enoki.internal.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * RabbitMQ publishing: how long the broker takes to confirm a message ({@code enoki.amqp.publish.confirm.duration},
 * with {@code outcome} ok or failed) and how many mandatory messages it returned unroutable
 * ({@code enoki.amqp.publish.returns}).
 */
public final class BrokerMeters {
    private static final Timer CONFIRMED = confirmTimer("ok");
    private static final Timer FAILED = confirmTimer("failed");
    private static final Counter RETURNS = Counter.builder("enoki.amqp.publish.returns")
            .description("Mandatory messages RabbitMQ could not route and returned").register(Metrics.globalRegistry);

    private BrokerMeters() {
    }

    public static void confirmed(long startNanos, Throwable failure) {
        (failure == null ? CONFIRMED : FAILED).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public static void returned() {
        RETURNS.increment();
    }

    private static Timer confirmTimer(String outcome) {
        return Timer.builder("enoki.amqp.publish.confirm.duration")
                .description("From publishing a message to RabbitMQ's confirm (or nack, or loss)")
                .tag("outcome", outcome).publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(10)).register(Metrics.globalRegistry);
    }
}
