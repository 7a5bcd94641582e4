package dev.enoki.internal.amqp;

import dev.enoki.config.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The prefetch of a service's RPC consumer. While calls are quick it is {@code max_workers} +
 * {@value #CONFIRM_WINDOW}: a request is acked only once its reply is confirmed, and with a window of
 * {@code max_workers} alone each slot was held through a confirm, so default settings stopped near 4,200 calls/s on
 * this project's machine. The requests beyond {@code max_workers} wait in the instance's {@link RequestGate}; with
 * slow calls they would wait there for long while another instance of the service sat idle or a new one started,
 * and a queue-depth autoscaler would not see them. Nameko's prefetch is {@code max_workers}, so once a request has
 * waited the hold limit ({@code amqp_rpc_hold_limit}, 1 s by default) the window narrows to that and every waiting
 * request, none of which has started, goes back to the queue for any instance to take; it widens again once
 * {@value #QUICK_CALLS} calls in a row took under {@value #QUICK_CALL_MILLIS} ms each.
 */
final class RpcWindow {
    private static final Logger log = LoggerFactory.getLogger(RpcWindow.class);
    /**
     * How many replies may wait for their confirm beyond the requests in the workers' hands. Confirms come back in
     * batches, a few hundred microseconds after their replies; with a window of {@code max_workers} alone, the
     * workers spent that time idle.
     */
    static final int CONFIRM_WINDOW = 128;
    static final Duration DEFAULT_HOLD_LIMIT = Duration.ofSeconds(1);
    /** How often {@link #check} runs. */
    static final long CHECK_MILLIS = 250;
    private static final long QUICK_CALL_MILLIS = 10;
    private static final int QUICK_CALLS = 8;
    private static final long QUICK_CALL_NANOS = TimeUnit.MILLISECONDS.toNanos(QUICK_CALL_MILLIS);

    private final String service;
    private final int maxWorkers;
    private final RequestGate gate;
    private final long holdLimitNanos;
    /** The consumer whose prefetch this is, known from its first delivery. */
    private volatile ConsumerChannel consumer;
    /** Read without the lock by every finished call, so that a wide window costs them nothing more. */
    private volatile boolean narrow;
    /** How many calls in a row were quick since the window narrowed. */
    private int quickInARow;

    RpcWindow(String service, int maxWorkers, RequestGate gate, Duration holdLimit) {
        this.service = service;
        this.maxWorkers = maxWorkers;
        this.gate = gate;
        this.holdLimitNanos = holdLimit.toNanos();
    }

    /** The prefetch the consumer starts with. */
    static int wide(int maxWorkers) {
        return maxWorkers + CONFIRM_WINDOW;
    }

    void delivered(ConsumerChannel from) {
        if (consumer != from) {
            consumer = from;
        }
    }

    /**
     * Narrows the window and gives back every waiting request once the first of them has waited too long; false once
     * the consumer is cancelled, when there is nothing more to check.
     */
    boolean check() {
        ConsumerChannel to = consumer;
        if (to == null) {
            return true;
        }
        if (!to.consuming()) {
            return false;
        }
        List<Runnable> giveBack;
        synchronized (this) {
            if (narrow) {
                return true;
            }
            giveBack = gate.takeWaitingSince(System.nanoTime() - holdLimitNanos);
            if (giveBack.isEmpty()) {
                return true;
            }
            narrow = true;
            quickInARow = 0;
        }
        log.info("{}: a request waited over {} for a worker; prefetch narrowed to max_workers ({}) and {} waiting "
                + "requests given back to the queue", service, Durations.format(Duration.ofNanos(holdLimitNanos)),
                maxWorkers, giveBack.size());
        // given back while no consumer of this instance takes them, so that another instance's may
        to.consumeAgain(maxWorkers, () -> giveBack.forEach(Runnable::run));
        return true;
    }

    /** A call took {@code nanos} in the handler; quick calls widen a narrowed window again. */
    void finished(long nanos) {
        if (!narrow) {
            return;
        }
        synchronized (this) {
            quickInARow = nanos < QUICK_CALL_NANOS ? quickInARow + 1 : 0;
            if (!narrow || quickInARow < QUICK_CALLS) {
                return;
            }
            narrow = false;
        }
        log.info("{}: {} calls in a row took under {} ms; prefetch widened to {}", service, QUICK_CALLS,
                QUICK_CALL_MILLIS, wide(maxWorkers));
        consumer.consumeAgain(wide(maxWorkers), () -> { });
    }
}
