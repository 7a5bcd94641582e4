package dev.enoki.internal.amqp;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A service whose publishing connection drops while a call runs, its consuming connection staying up: the reply is
 * published once the publisher is back, and the call is not run again in the meantime.
 */
class AmqpReplyRetryTest {
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final CountDownLatch RUNNING = new CountDownLatch(1);

    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();
    private final Vertx vertx = Vertx.vertx();

    @Service("retry_svc")
    public static class Slow {
        @Rpc
        public String slow(String id) throws InterruptedException {
            RUNS.incrementAndGet();
            RUNNING.countDown();
            Thread.sleep(4_000);   // long enough for rabbitmqctl to drop the publisher meanwhile
            return id;
        }
    }

    @AfterEach
    void cleanUp() {
        await(vertx.close());
        broker.close();
    }

    @Test
    void aReplyLostWithThePublishingConnectionIsSentOnceItIsBackWithoutRunningTheCallAgain() throws Exception {
        ServiceContainer service = new ServiceContainer(Slow.class,
                broker.config().put("amqp_recovery_interval", "5s"));
        await(service.start(vertx));
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "30s")));

        Future<String> reply = client.proxy("retry_svc").callAsync("slow", String.class, "only-once");
        assertThat(RUNNING.await(10, TimeUnit.SECONDS)).isTrue();
        closePublishingConnectionOf("retry_svc");

        await().atMost(Duration.ofSeconds(20)).until(reply::isComplete);
        assertThat(reply.succeeded()).as("reply: %s", reply.cause()).isTrue();
        assertThat(reply.result()).isEqualTo("only-once");
        assertThat(RUNS.get()).as("times the call ran").isEqualTo(1);
        client.close();
        await(service.stop());
    }

    /** Closes from the broker's side, as a network fault would, only the service's publishing connection. */
    private void closePublishingConnectionOf(String service) {
        // Tab-separated rows, whose pids close_connection takes as they are (the JSON form it refuses).
        java.util.regex.Pattern name = java.util.regex.Pattern.compile("enoki-amqp-" + service + "-[0-9a-f]{8}-publish");
        String pid = RabbitVhost.rabbitmqctl("list_connections", "pid", "vhost", "client_properties")
                .lines().map(line -> line.split("\t"))
                .filter(row -> row.length == 3 && row[1].equals(broker.vhost()) && name.matcher(row[2]).find())
                .map(row -> row[0]).findFirst().orElseThrow();
        RabbitVhost.rabbitmqctl("close_connection", pid, "network fault in a test");
    }
}
