package dev.enoki.internal.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.enoki.UnknownService;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Whether a service has a running instance, as the broker sees it: the consumer count of its {@code rpc-<service>}
 * queue, which a passive {@code queue.declare} returns. A queue that outlived its service takes requests silently, to
 * run when an instance comes back, so a call checks first and fails at once when nobody consumes.
 * <p>
 * What was learnt is kept per service: a running service is trusted for {@link #TRUSTED} (or until a call to it
 * timed out, or the connection was lost), anything else is asked again on the next call. Concurrent calls share one
 * check. A service that was running at the last check and now has no consumer may be reconnecting (its link or the
 * broker restarted): it is asked again every {@link #POLL}, for two recovery intervals, before it counts as gone.
 * <p>
 * Checks run one at a time on a thread of their own, on a channel of their own: the client's declare blocks, and a
 * declare of a missing queue closes its channel (404), which must not take the publisher's or the declarations'
 * channel with it.
 */
final class RunningServices {
    private static final Logger log = LoggerFactory.getLogger(RunningServices.class);
    static final Duration TRUSTED = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofMillis(100);
    private static final int NOT_FOUND = 404;
    private static final int MAX_WAITING_CHECKS = 1024;

    /** What a check found out about a service's queue. */
    enum Verdict {
        /** At least one consumer: publish. */
        RUNNING,
        /** The queue exists and nobody consumes it: the call fails at once. */
        NOT_RUNNING,
        /** No such queue: the mandatory publish comes back from the broker as UnknownService. */
        NO_QUEUE,
        /** The check could not be made (connection down): publish as if there were none. */
        UNKNOWN
    }

    private record Seen(Verdict verdict, long atNanos) {
    }

    /** One check, done or under way, of one service; {@code suspected} once a call to it timed out. */
    private record Entry(Future<Seen> seen, long generation, boolean wasRunning, boolean suspected) {
        boolean usable(long now, long currentGeneration) {
            if (!seen.isComplete()) {
                return true;
            }
            Seen result = seen.result();
            return result.verdict() == Verdict.RUNNING && !suspected && generation == currentGeneration
                    && now - result.atNanos() < TRUSTED.toNanos();
        }

        /** Whether the service was running as far as this entry knows, for the grace of the next check. */
        boolean running() {
            if (!seen.isComplete()) {
                return wasRunning;
            }
            Verdict verdict = seen.result().verdict();
            return verdict == Verdict.RUNNING || (verdict == Verdict.UNKNOWN && wasRunning);
        }
    }

    private final Vertx vertx;
    private final AmqpLink link;
    private final long graceNanos;
    private final ExecutorService checks;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Moved on by a lost or recovered connection: what was learnt before is asked again. */
    private final AtomicLong generation = new AtomicLong();
    /** Used on the checking thread only. */
    private Channel channel;

    /** {@code recoveryInterval}: a service reconnecting is given two attempts, and at least two seconds. */
    RunningServices(Vertx vertx, AmqpLink link, Duration recoveryInterval) {
        this.vertx = vertx;
        this.link = link;
        this.graceNanos = Math.max(Duration.ofSeconds(2).toNanos(), recoveryInterval.multipliedBy(2).toNanos());
        // Bounded: past that many waiting checks (a flood of names), a call goes out unchecked, as before checks.
        this.checks = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MAX_WAITING_CHECKS), new DaemonThreads(link.name() + "-check"));
    }

    /**
     * Hands {@code then} what is known of {@code service}: at once, on this thread, when a recent check found it
     * running; otherwise on the checking thread (or a timer's event loop) once the broker answered.
     */
    void check(String service, Consumer<Verdict> then) {
        Entry entry = entries.get(service);
        if (entry == null || !entry.usable(System.nanoTime(), generation.get())) {
            entry = entries.compute(service, (s, old) -> old != null && old.usable(System.nanoTime(), generation.get())
                    ? old : start(s, old != null && old.running()));
        }
        Future<Seen> seen = entry.seen();
        if (seen.succeeded()) {
            then.accept(seen.result().verdict());
        } else {
            seen.onSuccess(result -> then.accept(result.verdict()));
        }
    }

    /** The error of a call to a service whose queue nobody consumes. */
    static UnknownService notRunning(String service) {
        return new UnknownService(service, "no running instance of " + service + ": its queue "
                + Topology.rpcQueue(service) + " has no consumer");
    }

    /** A call to {@code service} timed out: the next call asks the broker again. */
    void suspect(String service) {
        entries.computeIfPresent(service, (s, entry) -> entry.seen().isComplete()
                ? new Entry(entry.seen(), entry.generation(), entry.wasRunning(), true) : entry);
    }

    /** The connection was lost or came back: every service is asked again on its next call. */
    void forget() {
        generation.incrementAndGet();
    }

    void close() {
        checks.shutdownNow();
    }

    private Entry start(String service, boolean wasRunning) {
        Promise<Seen> promise = Promise.promise();
        Entry entry = new Entry(promise.future(), generation.get(), wasRunning, false);
        ask(service, entry, promise, System.nanoTime() + (wasRunning ? graceNanos : 0));
        return entry;
    }

    private void ask(String service, Entry entry, Promise<Seen> promise, long giveUpNanos) {
        try {
            checks.execute(() -> {
                Verdict verdict = consumersOf(service);
                if (verdict == Verdict.NOT_RUNNING && System.nanoTime() - giveUpNanos < 0 && later(() ->
                        ask(service, entry, promise, giveUpNanos))) {
                    return;
                }
                promise.tryComplete(new Seen(verdict, System.nanoTime()));
                if (!entry.running()) {
                    // Nothing worth keeping: names that were never running (any a gateway is asked for) leave no trace.
                    entries.remove(service, entry);
                }
            });
        } catch (RejectedExecutionException e) {
            promise.tryComplete(new Seen(Verdict.UNKNOWN, System.nanoTime()));
        }
    }

    /** Runs {@code task} after {@link #POLL}; false when Vert.x is closing. */
    private boolean later(Runnable task) {
        try {
            vertx.setTimer(POLL.toMillis(), id -> task.run());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The passive declare; on the checking thread. */
    private Verdict consumersOf(String service) {
        String queue = Topology.rpcQueue(service);
        try {
            if (channel == null || replaceable(channel)) {
                channel = link.createChannel();
            }
            return channel.queueDeclarePassive(queue).getConsumerCount() > 0 ? Verdict.RUNNING : Verdict.NOT_RUNNING;
        } catch (IOException | RuntimeException e) {
            if (notFound(e)) {
                return Verdict.NO_QUEUE;
            }
            log.debug("{}: cannot ask the broker for the consumers of {}: {}", link.name(), queue, e.toString());
            return Verdict.UNKNOWN;
        }
    }

    /** Closed while its connection is up (a 404 closes it for good); one closed with the connection comes back. */
    private boolean replaceable(Channel channel) {
        return !channel.isOpen() && link.isOpen() && !link.recovering();
    }

    /** The broker's 404 for a missing queue, which closed the channel. */
    private static boolean notFound(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException signal && !signal.isHardError()
                    && signal.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyCode() == NOT_FOUND;
            }
        }
        return false;
    }
}
