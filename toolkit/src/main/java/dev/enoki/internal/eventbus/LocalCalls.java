package dev.enoki.internal.eventbus;

import dev.enoki.internal.VertxInternals;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * RPC requests on an event bus that is not clustered, sent as {@link LocalCall}s: the serving instance settles the
 * caller's promise itself. Vert.x's request and reply registers a reply address, starts a timer and sends a reply
 * message for every call, which cost more CPU than the echo of a request itself; here one sweep every
 * {@value #SWEEP_MILLIS} ms, running only while calls wait, fails those whose deadline has passed, and a call
 * nobody consumes fails with {@code NO_HANDLERS} as a request would. Only an address an Enoki instance of this JVM
 * serves ({@link #serveInPlace}) gets them: any other consumer, one written by hand to EVENTBUS.md say, answers
 * requests with replies as before.
 */
final class LocalCalls {
    static final long SWEEP_MILLIS = 10;
    private static final String CODEC = "enoki-local-call";
    private static final String SERVED_IN_PLACE = "enoki.rpc.served-in-place";

    private final Vertx vertx;
    private final Map<String, Boolean> servedInPlace;
    /** Where the sweep runs: a context of no deployment, so no undeploy cancels its timer. */
    private final Context sweeper;
    private final DeliveryOptions options = new DeliveryOptions().setCodecName(CODEC);
    private final Set<LocalCall> waiting = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweeping = new AtomicBoolean();

    LocalCalls(Vertx vertx) {
        this.vertx = vertx;
        this.sweeper = VertxInternals.newEventLoopContext(vertx);
        this.servedInPlace = vertx.sharedData().getLocalMap(SERVED_IN_PLACE);
        register(vertx);
    }

    /** Whether an Enoki instance of this JVM serves {@code address}, and so takes local calls there. */
    boolean servedInPlace(String address) {
        return servedInPlace.containsKey(address);
    }

    /**
     * Says that this JVM's Enoki instance serving {@code address} takes local calls there, until {@link #withdraw};
     * nothing on a cluster.
     */
    static void serveInPlace(Vertx vertx, String address) {
        if (!vertx.isClustered()) {
            vertx.sharedData().<String, Boolean>getLocalMap(SERVED_IN_PLACE).put(address, true);
        }
    }

    static void withdraw(Vertx vertx, String address) {
        if (!vertx.isClustered()) {
            vertx.sharedData().getLocalMap(SERVED_IN_PLACE).remove(address);
        }
    }

    /** Sends {@code body} to {@code address}; the reply body comes back on the caller's context. */
    Future<Buffer> send(String address, Buffer body, String header, long timeoutMillis) {
        LocalCall call = new LocalCall(this, body, header, vertx.getOrCreateContext(),
                System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        waiting.add(call);
        sweepWhileWaiting();
        vertx.eventBus().<LocalCall>sender(address, options).write(call).onFailure(e -> call.fail(
                e instanceof ReplyException failure ? failure : new ReplyException(ReplyFailure.ERROR, e.toString())));
        return call.reply();
    }

    /** True for the first to settle {@code call}: it alone completes the caller's promise. */
    boolean settle(LocalCall call) {
        return waiting.remove(call);
    }

    private void sweepWhileWaiting() {
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            sweeper.runOnContext(v -> vertx.setPeriodic(SWEEP_MILLIS, this::sweep));
        }
    }

    private void sweep(long timer) {
        long now = System.nanoTime();
        for (LocalCall call : waiting) {
            if (call.expiredAt(now)) {
                call.fail(new ReplyException(ReplyFailure.TIMEOUT, "no reply before the deadline"));
            }
        }
        if (waiting.isEmpty()) {
            vertx.cancelTimer(timer);
            sweeping.set(false);
            if (!waiting.isEmpty()) {
                sweepWhileWaiting();   // a call came between the check and the flag
            }
        }
    }

    /** Once per Vert.x instance; every transport on it shares the codec. */
    private static void register(Vertx vertx) {
        synchronized (LocalCalls.class) {
            try {
                vertx.eventBus().registerCodec(new SameObject());
            } catch (IllegalStateException alreadyRegistered) {
                // another transport on this Vert.x instance registered it
            }
        }
    }

    /** Hands the call over as it is: it never leaves the JVM. */
    private static final class SameObject implements MessageCodec<LocalCall, LocalCall> {
        @Override
        public void encodeToWire(Buffer buffer, LocalCall call) {
            throw new IllegalStateException("a local call never leaves the JVM");
        }

        @Override
        public LocalCall decodeFromWire(int pos, Buffer buffer) {
            throw new IllegalStateException("a local call never leaves the JVM");
        }

        @Override
        public LocalCall transform(LocalCall call) {
            return call;
        }

        @Override
        public String name() {
            return CODEC;
        }

        @Override
        public byte systemCodecID() {
            return -1;
        }
    }
}
