package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import dev.enoki.BrokerConnectionLost;
import io.vertx.core.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The publisher against a stand-in channel, for what a live broker shows only by chance: the moment after a reconnect
 * when the client has put the recovered channel in place but not yet turned its confirms back on.
 */
class ConfirmingPublisherTest {
    private static final AMQP.BasicProperties PROPERTIES = new AMQP.BasicProperties();
    private static final byte[] BODY = "{}".getBytes();

    private final Channel channel = mock(Channel.class);
    private final ArgumentCaptor<ConfirmCallback> acks = ArgumentCaptor.forClass(ConfirmCallback.class);
    private ConfirmingPublisher publisher;

    @BeforeEach
    void openOnTheStandInChannel() throws IOException {
        AmqpLink link = mock(AmqpLink.class);
        when(link.createChannel()).thenReturn(channel);
        publisher = new ConfirmingPublisher(link, returned -> { });
        publisher.open();
        verify(channel).addConfirmListener(acks.capture(), any(ConfirmCallback.class));
    }

    @Test
    void aMessageIsDoneWhenTheBrokerConfirmsIt() throws IOException {
        when(channel.getNextPublishSeqNo()).thenReturn(7L);
        Future<Void> published = publisher.publish("ex", "key", false, PROPERTIES, BODY);

        verify(channel).basicPublish("ex", "key", false, PROPERTIES, BODY);
        assertThat(published.isComplete()).isFalse();
        acks.getValue().handle(7L, false);
        assertThat(published.succeeded()).isTrue();
    }

    @Test
    void aMessageOfferedBeforeARecoveredChannelConfirmsAgainIsRefusedNotLeftWaitingForever() throws IOException {
        when(channel.getNextPublishSeqNo()).thenReturn(0L);   // what a channel out of confirm mode says
        Future<Void> published = publisher.publish("ex", "key", false, PROPERTIES, BODY);

        assertThat(published.failed()).isTrue();
        assertThat(published.cause()).isInstanceOf(BrokerConnectionLost.class).hasMessageContaining("recovered");
        verify(channel, never()).basicPublish(anyString(), anyString(), anyBoolean(), any(), any());
    }
}
