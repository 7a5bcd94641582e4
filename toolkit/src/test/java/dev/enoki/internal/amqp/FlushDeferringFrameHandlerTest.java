package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.enoki.EnokiOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Messages published together ({@link ConfirmingPublisher#publishTogether}) on a connection made as Enoki makes them,
 * against a real RabbitMQ: what several threads publish at once all arrives, and a channel reopened while flushes are
 * held back is not left waiting for an answer to a request that was never sent.
 */
class FlushDeferringFrameHandlerTest {
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties();
    private static final byte[] BODY = "{}".getBytes();

    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();
    private final Vertx vertx = Vertx.vertx();
    private Connection connection;
    private ConfirmingPublisher publisher;

    @BeforeEach
    void openAPublisherOnAnEnokiConnection() throws Exception {
        JsonObject config = broker.config();
        connection = AmqpSettings.from(config, EnokiOptions.fromJson(config)).connectionFactory(vertx, "flush-test")
                .newConnection("flush-test");
        AmqpLink link = mock(AmqpLink.class);
        when(link.createChannel()).thenAnswer(invocation -> connection.createChannel());
        when(link.isOpen()).thenAnswer(invocation -> connection.isOpen());
        publisher = new ConfirmingPublisher(link, returned -> { });
        publisher.open();
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
        broker.close();
        vertx.close().await();
    }

    @Test
    void whatManyThreadsPublishTogetherIsAllConfirmedAndAllArrives() throws Exception {
        Channel raw = broker.raw().createChannel();
        raw.queueDeclare("together", false, false, false, null);
        raw.queueBind("together", "amq.direct", "together");
        int threads = 8;
        int each = 50;
        List<Future<Void>> published = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < each; i++) {
                    published.add(publisher.publishTogether("amq.direct", "together", PROPERTIES, BODY));
                }
            });
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        published.forEach(RabbitTestBroker::await);
        assertThat(published).hasSize(threads * each);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.ready("together") == threads * each);
    }

    @Test
    void aChannelClosedByAChannelErrorIsReopenedForTheNextMessagePublishedTogether() {
        Future<Void> lost = publisher.publish("no-such-exchange", "key", false, PROPERTIES, BODY);
        await().atMost(Duration.ofSeconds(10)).until(lost::failed);

        // held back, the channel's opening would wait for the next heartbeat to flush it, a minute away
        assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> await(publisher.publishTogether("amq.direct", "nobody-listens", PROPERTIES, BODY)));
    }
}
