package dev.enoki.internal.metrics;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceBusy;
import dev.enoki.testing.ContainerFactory;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WorkerLoadMetricsTest {
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ContainerFactory factory = new ContainerFactory(new JsonObject()
            .put("max_workers", 1).put("worker_queue_size", 1));

    WorkerLoadMetricsTest() {
        Metrics.addRegistry(meters);
    }

    @AfterEach
    void close() {
        RELEASE.countDown();
        factory.close();
        Metrics.removeRegistry(meters);
    }

    @Service("metered_slow")
    public static class Slow {
        @Rpc
        public String hold() throws InterruptedException {
            RELEASE.await(30, TimeUnit.SECONDS);
            return "done";
        }
    }

    @Test
    void busyAndQueuedWorkersAreGaugedAndCallsPastTheQueueCountAsRefused() {
        factory.start(Slow.class);
        EnokiClient client = factory.client();

        Future<String> running = client.proxy("metered_slow").callAsync("hold", String.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("enoki.workers.busy") == 1);
        Future<String> waiting = client.proxy("metered_slow").callAsync("hold", String.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("enoki.workers.queued") == 1);
        Future<String> refused = client.proxy("metered_slow").callAsync("hold", String.class);
        await().atMost(Duration.ofSeconds(10)).until(refused::isComplete);

        assertThat(refused.cause()).isInstanceOf(ServiceBusy.class);
        assertThat(meters.get("enoki.workers.refused").tag("service", "metered_slow").counter().count()).isEqualTo(1);

        RELEASE.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> running.isComplete() && waiting.isComplete());
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("enoki.workers.busy") == 0
                && gauge("enoki.workers.queued") == 0);
    }

    private double gauge(String name) {
        return meters.get(name).tag("service", "metered_slow").gauge().value();
    }
}
