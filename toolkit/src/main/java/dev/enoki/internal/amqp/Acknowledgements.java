package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The acks and rejects of one consumer channel. Delivery tags are numbered 1, 2, 3... on a channel, and once every
 * delivery up to some tag is settled, one {@code basic.ack} with {@code multiple} acknowledges all of them: a frame
 * for the broker and a socket write here instead of one per message. Nothing waits for that, though: an ack that
 * cannot join such a prefix yet (an earlier delivery is still being worked on) goes out on its own at once, as it
 * would without this, so a slow request never holds back the acks of the ones after it. Batching comes from
 * {@link SettleBatch}: acks asked for within one go out together at its end.
 * <p>
 * The broker refuses (closing the channel) a multiple ack whose own tag is no longer outstanding, so the tag of a
 * multiple ack is always one of those being acknowledged now; frames go out under this object's lock, in order.
 */
final class Acknowledgements {
    /** Past this many settled deliveries beyond an unsettled one, each ack goes alone for good: memory stays bounded. */
    private static final int MAX_TRACKED = 4096;

    private final Channel channel;
    /** Every delivery up to this tag is settled. */
    private long settledThrough;
    /** Settled deliveries beyond {@link #settledThrough}. */
    private final TreeSet<Long> settledBeyond = new TreeSet<>();
    /** Acks asked for and not sent yet (in a batch). */
    private final List<Long> unsent = new ArrayList<>();
    private final Runnable flush = this::flush;
    private boolean tracking = true;

    Acknowledgements(Channel channel) {
        this.channel = channel;
    }

    /** Acknowledges {@code tag}: at once, or at the end of this thread's {@link SettleBatch}. */
    void ack(long tag) throws IOException {
        synchronized (this) {
            unsent.add(tag);
        }
        if (!SettleBatch.defer(flush)) {
            send();
        }
    }

    /** Rejects {@code tag} at once; the ack prefix may then move past it. */
    synchronized void reject(long tag, boolean requeue) throws IOException {
        channel.basicReject(tag, requeue);
        settled(tag);
    }

    private void flush() {
        try {
            send();
        } catch (IOException | RuntimeException e) {
            // the channel reports its own end; the broker hands unacknowledged deliveries back
        }
    }

    private synchronized void send() throws IOException {
        if (unsent.isEmpty()) {
            return;
        }
        unsent.forEach(this::settled);
        long prefix = 0;   // the highest tag asked for now below which everything is settled
        for (long tag : unsent) {
            if (tag <= settledThrough) {
                prefix = Math.max(prefix, tag);
            }
        }
        if (prefix > 0) {
            channel.basicAck(prefix, true);
        }
        for (long tag : unsent) {
            if (tag > settledThrough) {
                channel.basicAck(tag, false);
            }
        }
        unsent.clear();
    }

    private void settled(long tag) {
        if (!tracking || tag <= settledThrough) {
            return;
        }
        settledBeyond.add(tag);
        while (!settledBeyond.isEmpty() && settledBeyond.first() == settledThrough + 1) {
            settledThrough = settledBeyond.pollFirst();
        }
        if (settledBeyond.size() > MAX_TRACKED) {
            tracking = false;
            settledBeyond.clear();
        }
    }
}
