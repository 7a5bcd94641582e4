package dev.enoki.reliability.proxy;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A TCP proxy on 127.0.0.1 that injects faults between its clients and one target (the broker, a cluster member).
 * Every connection accepted is forwarded to the target over a connection of its own. Faults:
 * <ul>
 * <li>{@link #cut()}: closes both sides of every open connection now;</li>
 * <li>{@link #blackhole(Direction)}: the open connections stay open but bytes one way vanish, so the receiving peer
 * sees a half-open connection; connections made afterwards pass (a dead flow, not a dead network);</li>
 * <li>{@link #latency(long)}: every chunk, both ways, on every connection, is held that long, in order;</li>
 * <li>{@link #pass()}: no fault.</li>
 * </ul>
 * Built on Vert.x NetServer/NetClient; nothing waits on an event loop. The control methods return once every open
 * connection applied the change.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
    private static final long CONTROL_WAIT_SECONDS = 10;

    private final Vertx vertx;
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final List<ProxiedConnection> connections = new CopyOnWriteArrayList<>();
    private volatile long latencyMillis;
    private NetServer server;

    private FaultProxy(Vertx vertx, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(5_000));
    }

    /** Listens on a free port of 127.0.0.1 and forwards to {@code targetHost:targetPort}. */
    public static FaultProxy start(Vertx vertx, String targetHost, int targetPort) {
        return start(vertx, targetHost, targetPort, 0);
    }

    /** As {@link #start(Vertx, String, int)}, on a given port (0: any free one). */
    public static FaultProxy start(Vertx vertx, String targetHost, int targetPort, int port) {
        FaultProxy proxy = new FaultProxy(vertx, targetHost, targetPort);
        proxy.server = await(vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
                .connectHandler(proxy::accept).listen(port, "127.0.0.1"));
        return proxy;
    }

    private void accept(NetSocket inbound) {
        inbound.pause();
        Context context = vertx.getOrCreateContext();
        client.connect(targetPort, targetHost).onComplete(connected -> {
            if (connected.failed()) {
                log.debug("proxy cannot reach {}:{}: {}", targetHost, targetPort, connected.cause().toString());
                inbound.close();
                return;
            }
            NetSocket outbound = connected.result();
            outbound.pause();
            ProxiedConnection connection = new ProxiedConnection(vertx, context, inbound, outbound,
                    () -> latencyMillis);
            connections.add(connection);
            connection.start();
        });
    }

    /** The port clients connect to. */
    public int port() {
        return server.actualPort();
    }

    /** Closes both sides of every open connection. */
    public void cut() {
        each(ProxiedConnection::cut);
    }

    /**
     * Drops bytes going {@code direction} on every open connection, keeping the sockets open; returns those
     * connections, so a test can watch their peers give up.
     */
    public List<ProxiedConnection> blackhole(Direction direction) {
        return each(c -> c.blackhole(direction));
    }

    /** Holds every chunk {@code millis} before forwarding it (0: none). */
    public void latency(long millis) {
        latencyMillis = millis;
    }

    /** No faults: open connections flow both ways again, no latency. */
    public void pass() {
        latencyMillis = 0;
        each(ProxiedConnection::pass);
    }

    /** Every connection accepted so far, open or closed, oldest first. */
    public List<ProxiedConnection> connections() {
        return List.copyOf(connections);
    }

    public List<ProxiedConnection> openConnections() {
        return connections.stream().filter(ProxiedConnection::open).toList();
    }

    private List<ProxiedConnection> each(Function<ProxiedConnection, Future<Void>> change) {
        List<ProxiedConnection> open = openConnections();
        await(Future.all(open.stream().map(change).toList()));
        return open;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(CONTROL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fault proxy: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        each(ProxiedConnection::cut);
        await(server.close());
        await(client.close());
    }
}
