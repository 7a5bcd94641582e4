package dev.enoki.internal.amqp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between clients and the broker that reads the frames clients send and records every
 * {@code Basic.Publish} with the flags no consumer can see (mandatory), which only the frames show.
 */
final class PublishSniffer implements AutoCloseable {
    record Publish(String exchange, String routingKey, boolean mandatory) {
    }

    private static final int METHOD_FRAME = 1;
    private static final int BASIC = 60;
    private static final int PUBLISH = 40;

    private final ServerSocket server;
    private final List<Publish> publishes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    PublishSniffer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "publish-sniffer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    List<Publish> publishes() {
        return List.copyOf(publishes);
    }

    /** The publishes whose routing key is {@code routingKey}. */
    List<Publish> publishesTo(String routingKey) {
        return publishes.stream().filter(p -> p.routingKey().equals(routingKey)).toList();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(RabbitTestBroker.HOST, RabbitTestBroker.PORT);
                client.setTcpNoDelay(true);
                broker.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(broker);
                daemon(() -> {
                    sniff(client.getInputStream(), broker.getOutputStream());
                    return null;
                });
                daemon(() -> {
                    broker.getInputStream().transferTo(client.getOutputStream());
                    return null;
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private void sniff(InputStream from, OutputStream to) throws IOException {
        DataInputStream in = new DataInputStream(from);
        byte[] protocolHeader = new byte[8];
        in.readFully(protocolHeader);
        to.write(protocolHeader);
        to.flush();
        while (true) {
            int type = in.readUnsignedByte();
            int channel = in.readUnsignedShort();
            int size = in.readInt();
            byte[] payload = new byte[size];
            in.readFully(payload);
            int end = in.readUnsignedByte();
            if (type == METHOD_FRAME) {
                record(payload);
            }
            to.write(type);
            to.write(channel >> 8);
            to.write(channel);
            to.write(new byte[]{(byte) (size >> 24), (byte) (size >> 16), (byte) (size >> 8), (byte) size});
            to.write(payload);
            to.write(end);
            to.flush();
        }
    }

    private void record(byte[] payload) {
        int classId = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        int methodId = ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        if (classId != BASIC || methodId != PUBLISH) {
            return;
        }
        int at = 6;   // class, method, reserved short
        int exchangeLength = payload[at] & 0xff;
        String exchange = new String(payload, at + 1, exchangeLength, StandardCharsets.UTF_8);
        at += 1 + exchangeLength;
        int keyLength = payload[at] & 0xff;
        String routingKey = new String(payload, at + 1, keyLength, StandardCharsets.UTF_8);
        at += 1 + keyLength;
        publishes.add(new Publish(exchange, routingKey, (payload[at] & 1) != 0));
    }

    private interface Io {
        Object run() throws IOException;
    }

    private static void daemon(Io io) {
        Thread t = new Thread(() -> {
            try {
                io.run();
            } catch (IOException ignored) {
                // the connection ended
            }
        }, "publish-sniffer-relay");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
