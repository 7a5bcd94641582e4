package dev.enoki.reliability.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

import java.util.function.LongSupplier;

/**
 * One connection through a {@link FaultProxy}: the socket its client opened, the socket the proxy opened to the
 * target, and a {@link Pipe} each way. A close travels to the other side only the way bytes still flow, as it would
 * over a real network: with that way blackholed the other peer keeps a half-open connection until it notices by
 * itself. Remembers when each peer closed (System.nanoTime), so a test can tell how long a peer took to give up.
 */
public final class ProxiedConnection {
    private final Context context;
    private final NetSocket client;
    private final NetSocket target;
    private final Pipe toTarget;
    private final Pipe toClient;
    private final long openedNanos = System.nanoTime();
    private volatile long clientClosedNanos = -1;
    private volatile long targetClosedNanos = -1;

    ProxiedConnection(Vertx vertx, Context context, NetSocket client, NetSocket target, LongSupplier latencyMillis) {
        this.context = context;
        this.client = client;
        this.target = target;
        this.toTarget = new Pipe(vertx, client, target, latencyMillis);
        this.toClient = new Pipe(vertx, target, client, latencyMillis);
    }

    /** Wires both ways; call on the connection's context. */
    void start() {
        client.closeHandler(v -> {
            clientClosedNanos = System.nanoTime();
            if (!toTarget.dropping()) {
                toTarget.sourceClosed();
            }
        });
        target.closeHandler(v -> {
            targetClosedNanos = System.nanoTime();
            if (!toClient.dropping()) {
                toClient.sourceClosed();
            }
        });
        client.exceptionHandler(e -> client.close());
        target.exceptionHandler(e -> target.close());
        toTarget.start(target::close);
        toClient.start(client::close);
    }

    /** Drops bytes one way from now on, keeping both sockets open. */
    Future<Void> blackhole(Direction direction) {
        return onContext(() -> pipe(direction).drop());
    }

    /** Lets bytes flow both ways again. */
    Future<Void> pass() {
        return onContext(() -> {
            toTarget.pass();
            toClient.pass();
        });
    }

    /** Closes both sockets now, with no goodbye to either peer beyond the TCP close. */
    Future<Void> cut() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> Future.join(client.close(), target.close()).<Void>mapEmpty()
                .recover(e -> Future.succeededFuture()).onComplete(done));
        return done.future();
    }

    private Pipe pipe(Direction direction) {
        return direction == Direction.TO_TARGET ? toTarget : toClient;
    }

    private Future<Void> onContext(Runnable action) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            action.run();
            done.complete();
        });
        return done.future();
    }

    /** Both peers' sockets are still open at the proxy. */
    public boolean open() {
        return clientClosedNanos < 0 && targetClosedNanos < 0;
    }

    public long openedNanos() {
        return openedNanos;
    }

    /** When the connecting peer closed its end, or -1 while it has not. */
    public long clientClosedNanos() {
        return clientClosedNanos;
    }

    /** When the target closed its end, or -1 while it has not. */
    public long targetClosedNanos() {
        return targetClosedNanos;
    }

    /** When the first of the two peers closed, or -1 while neither has. */
    public long firstClosedNanos() {
        long c = clientClosedNanos;
        long t = targetClosedNanos;
        return c < 0 ? t : t < 0 ? c : Math.min(c, t);
    }
}
