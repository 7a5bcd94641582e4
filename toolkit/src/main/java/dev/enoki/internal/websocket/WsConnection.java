package dev.enoki.internal.websocket;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.enoki.MethodNotFound;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client socket. Calls are answered one at a time, in order, as Nameko does: the socket is not read while a call
 * runs or while its answer waits in a full write queue, so a client cannot pile up work or answers. Events from the
 * hub are dropped, and counted, when the write queue is full.
 */
final class WsConnection {
    private static final Logger log = LoggerFactory.getLogger(WsConnection.class);
    /** Bytes waiting to be written past which the socket counts as full. */
    static final int WRITE_QUEUE_BYTES = 256 * 1024;

    private final String id;
    private final ServerWebSocket socket;
    private final Map<String, Object> contextData;
    private final WebSocketEndpoint endpoint;
    private final Context context;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final AtomicLong droppedEvents = new AtomicLong();

    WsConnection(String id, ServerWebSocket socket, Map<String, Object> contextData, WebSocketEndpoint endpoint) {
        this.id = id;
        this.socket = socket;
        this.contextData = Map.copyOf(contextData);
        this.endpoint = endpoint;
        this.context = Vertx.currentContext();
    }

    /** On the socket's event loop: greets the client with its socket id and starts reading calls. */
    void open() {
        socket.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        socket.textMessageHandler(this::onCall);
        socket.binaryMessageHandler(bytes -> onCall(bytes.toString()));
        socket.closeHandler(v -> {
            endpoint.closed(this);
            if (droppedEvents.get() > 0) {
                log.info("websocket {} closed; {} events for it were dropped", id, droppedEvents.get());
            }
        });
        socket.exceptionHandler(e -> log.debug("websocket {} failed", id, e));
        socket.writeTextMessage(WsFrames.event("connected", Map.of("socket_id", id)));
    }

    private void onCall(String text) {
        socket.pause();
        answer(text).onComplete(frame -> context.runOnContext(v -> {
            if (socket.isClosed()) {
                return;
            }
            socket.writeTextMessage(frame.result());
            if (socket.writeQueueFull()) {
                socket.drainHandler(d -> {
                    socket.drainHandler(null);
                    socket.resume();
                });
            } else {
                socket.resume();
            }
        }));
    }

    /** The answer frame to a call frame; never a failed future. */
    private Future<String> answer(String text) {
        WsFrames.Call call;
        try {
            call = WsFrames.call(text);
        } catch (RuntimeException e) {
            return Future.succeededFuture(WsFrames.error(e, NullNode.getInstance()));
        }
        WsRpcEntrypoint entrypoint = endpoint.entrypoint(call.method());
        if (entrypoint == null) {
            return Future.succeededFuture(WsFrames.error(new MethodNotFound(call.method()), call.correlationId()));
        }
        return entrypoint.call(id, call, contextData);
    }

    /**
     * Sends an event frame, from any thread; false when the socket is closed. The write happens on the socket's
     * event loop, where the write queue's fill is known: a frame for a full queue is dropped there.
     */
    boolean send(String frame) {
        if (socket.isClosed()) {
            return false;
        }
        if (Vertx.currentContext() == context) {
            writeOrDrop(frame);
        } else {
            context.runOnContext(v -> writeOrDrop(frame));
        }
        return true;
    }

    private void writeOrDrop(String frame) {
        if (socket.isClosed()) {
            return;
        }
        if (socket.writeQueueFull()) {
            if (droppedEvents.getAndIncrement() == 0) {
                log.warn("websocket {} reads too slowly: events for it are dropped while its write queue is full", id);
            }
            return;
        }
        socket.writeTextMessage(frame);
    }

    /** Closes the socket as the server goes away (1001). */
    Future<Void> close() {
        return socket.isClosed() ? Future.succeededFuture() : socket.close((short) 1001, "server stopping");
    }

    String id() {
        return id;
    }

    Set<String> channels() {
        return channels;
    }
}
