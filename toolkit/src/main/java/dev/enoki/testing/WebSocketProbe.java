package dev.enoki.testing;

import dev.enoki.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small blocking websocket client for tests of {@code @WsRpc} over a real socket: it connects to {@code /ws},
 * keeps the socket id of the {@code connected} event, sends call frames and hands out the answers and the events
 * that arrive, each in its own queue.
 *
 * <pre>{@code
 * try (WebSocketProbe ws = WebSocketProbe.connect(vertx, port)) {
 *     JsonObject answer = ws.call("echo", new JsonObject().put("value", "hi"), 1);
 * }
 * }</pre>
 */
public final class WebSocketProbe implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebSocketClient client;
    private final BlockingQueue<JsonObject> results = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> unreadable = new LinkedBlockingQueue<>();
    private WebSocket socket;
    private String socketId;

    private WebSocketProbe(Vertx vertx) {
        this.client = vertx.createWebSocketClient();
    }

    /** Connects to {@code ws://127.0.0.1:port/ws} with headers given as name/value pairs; waits for its socket id. */
    public static WebSocketProbe connect(Vertx vertx, int port, String... headers) {
        WebSocketProbe probe = new WebSocketProbe(vertx);
        probe.socket = Blocking.await(probe.client.connect(options(port, headers)).map(ws -> {
            ws.textMessageHandler(probe::received);
            return ws;
        }).timeout(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        JsonObject connected = probe.nextEvent();
        if (!"connected".equals(connected.getString("event"))) {
            throw new AssertionError("the first frame is not the connected event: " + connected);
        }
        probe.socketId = connected.getJsonObject("data").getString("socket_id");
        return probe;
    }

    /** The HTTP status that refuses a websocket handshake on {@code port}; fails when the handshake succeeds. */
    public static int refusal(Vertx vertx, int port, String... headers) {
        WebSocketClient client = vertx.createWebSocketClient();
        try {
            Future<WebSocket> connected = client.connect(options(port, headers))
                    .timeout(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Blocking.await(connected.transform(x -> Future.succeededFuture()));
            if (connected.succeeded()) {
                connected.result().close();
                throw new AssertionError("the websocket handshake was accepted");
            }
            if (connected.cause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError("the websocket handshake failed without an answer", connected.cause());
        } finally {
            client.close();
        }
    }

    private static WebSocketConnectOptions options(int port, String... headers) {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws").setConnectTimeout(5_000);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            options.addHeader(headers[i], headers[i + 1]);
        }
        return options;
    }

    private void received(String text) {
        JsonObject frame;
        try {
            frame = new JsonObject(text);
        } catch (RuntimeException e) {
            unreadable.add(text);
            return;
        }
        ("event".equals(frame.getString("type")) ? events : results).add(frame);
    }

    public String socketId() {
        return socketId;
    }

    /** Sends {@code {"method", "data", "correlation_id"}} and returns the next answer. */
    public JsonObject call(String method, JsonObject data, Object correlationId) {
        send(new JsonObject().put("method", method).put("data", data).put("correlation_id", correlationId).encode());
        return nextResult();
    }

    /** Sends any text as one frame. */
    public void send(String text) {
        Blocking.await(socket.writeTextMessage(text));
    }

    public JsonObject nextResult() {
        return next(results, "answer");
    }

    public JsonObject nextEvent() {
        return next(events, "event");
    }

    /** The next event if one comes within {@code within}, else null. */
    public JsonObject pollEvent(Duration within) {
        try {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private JsonObject next(BlockingQueue<JsonObject> queue, String what) {
        JsonObject frame;
        try {
            frame = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (frame == null) {
            throw new AssertionError("no " + what + " within " + WAIT + (unreadable.isEmpty() ? ""
                    : "; frames that are not JSON: " + unreadable) + (socket.isClosed() ? "; the socket is closed" : ""));
        }
        return frame;
    }

    /** Stops reading the socket, as a slow client does; {@link #resume} reads on. */
    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public void close() {
        Blocking.await(socket.close().recover(e -> Future.succeededFuture()).eventually(client::close));
    }
}
