package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.BrokerConnectionLost;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Where a service sends its replies: straight to an Enoki caller's queue through the default exchange, through the
 * RPC exchange for a caller that gives a bare uuid, and through the RPC exchange for every caller once the broker
 * refuses this user the default exchange, whether it says so when asked at start or only later.
 */
class DirectRepliesTest {
    private static final String NAMEKO_REPLY_TO = "0b6e3c1e-8d1a-4c5e-9f2a-1c2d3e4f5a6b";
    private static final String ENOKI_REPLY_QUEUE = "rpc.reply-standalone_rpc_proxy-" + NAMEKO_REPLY_TO;

    @Service("direct_calc")
    public static class Calc {
        @Rpc
        public int add(int a, int b) {
            return a + b;
        }
    }

    @Test
    void aReplyToAReplyQueuesNameGoesThroughTheDefaultExchangeAndToABareUuidThroughTheRpcExchange() {
        DirectReplies direct = new DirectReplies("nameko-rpc", true);

        assertThat(direct.exchangeFor(ENOKI_REPLY_QUEUE)).isEmpty();
        assertThat(direct.exchangeFor(NAMEKO_REPLY_TO)).isEqualTo("nameko-rpc");
    }

    @Test
    void aRefusalOfTheDefaultExchangeSendsEveryLaterReplyThroughTheRpcExchange() {
        DirectReplies direct = new DirectReplies("nameko-rpc", true);

        assertThat(direct.refusedBy(new BrokerConnectionLost("channel lost", new IOException("lost")))).isFalse();
        assertThat(direct.exchangeFor(ENOKI_REPLY_QUEUE)).isEmpty();
        assertThat(direct.refusedBy(new BrokerConnectionLost("RabbitMQ channel closed before confirming", refused())))
                .isTrue();
        assertThat(direct.exchangeFor(ENOKI_REPLY_QUEUE)).isEqualTo("nameko-rpc");
    }

    @Test
    void aReplyTheBrokerRefusesAtTheDefaultExchangeIsPublishedAgainThroughTheRpcExchange() throws IOException {
        Channel channel = mock(Channel.class);
        AmqpLink link = mock(AmqpLink.class);
        when(link.createChannel()).thenReturn(channel);
        ArgumentCaptor<ConfirmCallback> acks = ArgumentCaptor.forClass(ConfirmCallback.class);
        ArgumentCaptor<ShutdownListener> shutdown = ArgumentCaptor.forClass(ShutdownListener.class);
        ConfirmingPublisher publisher = new ConfirmingPublisher(link, returned -> { });
        publisher.open();
        verify(channel).addConfirmListener(acks.capture(), any(ConfirmCallback.class));
        verify(channel).addShutdownListener(shutdown.capture());
        ReplyPublisher replies = ReplyPublisher.on(publisher, link, new DirectReplies("nameko-rpc", true),
                Duration.ofSeconds(1));
        AMQP.BasicProperties properties = NamekoMessages.reply("c-1");
        byte[] body = "{\"result\":5,\"error\":null}".getBytes(StandardCharsets.UTF_8);

        when(channel.getNextPublishSeqNo()).thenReturn(1L);
        Future<Void> published = replies.publish(ENOKI_REPLY_QUEUE, properties, body);
        verify(channel).basicPublish("", ENOKI_REPLY_QUEUE, false, properties, body);
        when(channel.getNextPublishSeqNo()).thenReturn(2L);
        shutdown.getValue().shutdownCompleted(refused());

        verify(channel).basicPublish("nameko-rpc", ENOKI_REPLY_QUEUE, false, properties, body);
        assertThat(published.isComplete()).isFalse();
        acks.getValue().handle(2L, false);
        assertThat(published.succeeded()).isTrue();
    }

    private static ShutdownSignalException refused() {
        return new ShutdownSignalException(false, false, new AMQP.Channel.Close.Builder().replyCode(403)
                .replyText("ACCESS_REFUSED - write access to exchange 'amq.default' in vhost '/' refused").build(),
                null);
    }

    @Test
    void aUserThatMayNotWriteToTheDefaultExchangeGetsItsRepliesThroughTheRpcExchange() throws Exception {
        String user = "enoki-direct-" + Long.toHexString(System.nanoTime());
        try (RabbitTestBroker broker = RabbitTestBroker.freshVhost(); PublishSniffer sniffer = new PublishSniffer()) {
            RabbitVhost.rabbitmqctl("add_user", user, "secret");
            RabbitVhost.rabbitmqctl("set_permissions", "-p", broker.vhost(), user, ".*", "^(?!amq\\.default$).*",
                    ".*");
            JsonObject config = new JsonObject().put("AMQP_URI", "amqp://" + user + ":secret@127.0.0.1:"
                    + sniffer.port() + "/" + URLEncoder.encode(broker.vhost(), StandardCharsets.UTF_8));
            Vertx vertx = Vertx.vertx();
            ServiceContainer calc = new ServiceContainer(Calc.class, config);
            try {
                await(calc.start(vertx));
                try (EnokiClient client = EnokiClient.connect(config)) {
                    assertThat(client.proxy("direct_calc").call("add", Integer.class, 2, 3)).isEqualTo(5);
                }
            } finally {
                await(calc.stop());
                await(vertx.close());
            }
            assertThat(sniffer.publishes()).filteredOn(p -> p.routingKey().startsWith("rpc.reply-"))
                    .isNotEmpty().allMatch(p -> p.exchange().equals("nameko-rpc"));
        } finally {
            RabbitVhost.rabbitmqctl("delete_user", user);
        }
    }
}
