package dev.enoki.internal.amqp;

import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A connection's socket, whose flushes a thread may hold back for a stretch of work ({@link #together}). The client
 * flushes after every frame it sends, so each reply, each ack is a socket write of its own and a read of its own for
 * the broker; the replies several workers finish at once, or the acks one batch of confirms settles, then go out in
 * one write. Outside such a stretch it flushes as the client does.
 */
final class FlushDeferringFrameHandler implements FrameHandler {
    private static final Logger log = LoggerFactory.getLogger(FlushDeferringFrameHandler.class);
    /** The sockets this thread wrote to and has yet to flush; null outside {@link #together}. */
    private static final ThreadLocal<Set<FlushDeferringFrameHandler>> HELD = new ThreadLocal<>();

    private final FrameHandler socket;

    private FlushDeferringFrameHandler(FrameHandler socket) {
        this.socket = socket;
    }

    /** Makes every connection of {@code factory}, the reconnections of a recovering one too, flush this way. */
    static FrameHandlerFactory wrapping(FrameHandlerFactory factory) {
        return (address, connectionName) -> new FlushDeferringFrameHandler(factory.create(address, connectionName));
    }

    /** Runs {@code work}, then flushes once each socket it wrote to; inside another such stretch, the outer flushes. */
    static void together(Runnable work) {
        if (HELD.get() != null) {
            work.run();
            return;
        }
        Set<FlushDeferringFrameHandler> held = new LinkedHashSet<>();
        HELD.set(held);
        try {
            work.run();
        } finally {
            HELD.remove();
            held.forEach(FlushDeferringFrameHandler::flushNow);
        }
    }

    /**
     * Runs {@code exchange}, which waits for the broker's answer (opening a channel, say), with what this thread holds
     * flushed first and nothing held during it: a request held back would wait for whatever flushes the socket next,
     * a heartbeat up to a minute away.
     */
    static void unheld(AmqpLink.Action exchange) throws IOException {
        Set<FlushDeferringFrameHandler> held = HELD.get();
        if (held == null) {
            exchange.run();
            return;
        }
        HELD.remove();
        try {
            held.forEach(FlushDeferringFrameHandler::flushNow);
            held.clear();
            exchange.run();
        } finally {
            HELD.set(held);
        }
    }

    @Override
    public void flush() throws IOException {
        Set<FlushDeferringFrameHandler> held = HELD.get();
        if (held != null) {
            held.add(this);
            return;
        }
        socket.flush();
    }

    /**
     * A write that fails here failed after its senders went on: closing the socket makes the connection's reader
     * fail too, and the connection's shutdown settles whatever waited on it (unconfirmed messages fail) and recovers.
     */
    private void flushNow() {
        try {
            socket.flush();
        } catch (IOException e) {
            log.debug("flushing to {}:{} failed, closing the socket: {}", getAddress(), getPort(), e.toString());
            socket.close();
        }
    }

    @Override
    public void setTimeout(int timeoutMs) throws SocketException {
        socket.setTimeout(timeoutMs);
    }

    @Override
    public int getTimeout() throws SocketException {
        return socket.getTimeout();
    }

    @Override
    public void sendHeader() throws IOException {
        socket.sendHeader();
    }

    @Override
    public void initialize(AMQConnection connection) {
        socket.initialize(connection);
    }

    @Override
    public Frame readFrame() throws IOException {
        return socket.readFrame();
    }

    @Override
    public void writeFrame(Frame frame) throws IOException {
        socket.writeFrame(frame);
    }

    @Override
    public void close() {
        socket.close();
    }

    @Override
    public InetAddress getLocalAddress() {
        return socket.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return socket.getLocalPort();
    }

    @Override
    public InetAddress getAddress() {
        return socket.getAddress();
    }

    @Override
    public int getPort() {
        return socket.getPort();
    }
}
