package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * Acks sent together: the frames against a stand-in channel, and a shuffled settling of real deliveries that the
 * broker must take without closing the channel and with nothing left unacknowledged.
 */
class AcknowledgementsTest {
    private static RabbitTestBroker broker;

    @BeforeAll
    static void vhost() {
        broker = RabbitTestBroker.freshVhost();
    }

    @AfterAll
    static void closeVhost() {
        broker.close();
    }

    @Test
    void acksInOneBatchGoOutAsOneMultipleAckOfTheirHighestTag() throws Exception {
        Channel channel = mock(Channel.class);
        Acknowledgements acks = new Acknowledgements(channel);

        SettleBatch.run(() -> {
            for (long tag : new long[] {2, 1, 3}) {
                ackQuietly(acks, tag);
            }
        });

        verify(channel).basicAck(3, true);
        verify(channel, never()).basicAck(anyLong(), org.mockito.ArgumentMatchers.eq(false));
    }

    @Test
    void anAckBehindAnUnsettledDeliveryGoesAloneAtOnceAndAMultipleAckNeverNamesAnAckedTag() throws Exception {
        Channel channel = mock(Channel.class);
        Acknowledgements acks = new Acknowledgements(channel);

        acks.ack(2);   // 1 is still being worked on: 2 must not wait for it
        acks.reject(3, true);
        acks.ack(1);   // everything up to 3 is settled now, but 2 and 3 are no longer outstanding

        InOrder order = inOrder(channel);
        order.verify(channel).basicAck(2, false);
        order.verify(channel).basicReject(3, true);
        order.verify(channel).basicAck(1, true);
        verify(channel, never()).basicAck(3, true);
        verify(channel, never()).basicAck(2, true);
    }

    @Test
    void realDeliveriesSettledInAnyOrderAreAllAcknowledgedAndTheChannelStaysOpen() throws Exception {
        com.rabbitmq.client.Connection connection = broker.raw();
        Channel channel = connection.createChannel();
        String queue = channel.queueDeclare().getQueue();
        int count = 200;
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, null, new byte[0]);
        }
        List<Long> tags = new ArrayList<>();
        for (GetResponse got; tags.size() < count && (got = channel.basicGet(queue, false)) != null; ) {
            tags.add(got.getEnvelope().getDeliveryTag());
        }
        assertThat(tags).hasSize(count);
        Collections.shuffle(tags, new Random(19));
        Acknowledgements acks = new Acknowledgements(channel);
        for (int i = 0; i < count; ) {
            int batch = Math.min(count - i, 1 + i % 7);
            List<Long> settling = tags.subList(i, i + batch);
            SettleBatch.run(() -> settling.forEach(tag -> {
                if (tag % 11 == 0) {
                    rejectQuietly(acks, tag);
                } else {
                    ackQuietly(acks, tag);
                }
            }));
            i += batch;
        }

        Channel check = connection.createChannel();
        assertThat(check.queueDeclarePassive(queue).getMessageCount()).isZero();
        assertThat(channel.isOpen()).as("the broker refused none of the acks").isTrue();
        channel.close();   // anything still unacknowledged would go back to the queue now
        assertThat(check.queueDeclarePassive(queue).getMessageCount()).isZero();
    }

    private static void ackQuietly(Acknowledgements acks, long tag) {
        try {
            acks.ack(tag);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void rejectQuietly(Acknowledgements acks, long tag) {
        try {
            acks.reject(tag, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
