package dev.enoki.reliability.proxy;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The fault proxy itself, against real sockets: what each fault does to each side. */
class FaultProxyTest {
    private final Vertx vertx = Vertx.vertx();
    private final Target target = new Target();
    private final FaultProxy proxy = FaultProxy.start(vertx, "127.0.0.1", target.port());

    @AfterEach
    void cleanUp() throws IOException {
        proxy.close();
        target.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void passForwardsEveryByteBothWaysInOrder() throws Exception {
        try (Socket peer = connect()) {
            Socket far = target.accepted();
            byte[] sent = pattern(300_000);
            Thread writer = new Thread(() -> write(peer, sent));
            writer.start();
            assertThat(far.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
            writer.join();
            far.getOutputStream().write(sent);
            assertThat(peer.getInputStream().readNBytes(sent.length)).isEqualTo(sent);
        }
    }

    @Test
    void cutClosesBothSidesAtOnce() throws Exception {
        try (Socket peer = connect()) {
            Socket far = target.accepted();
            awaitOpenConnections(1);
            proxy.cut();
            assertThat(peer.getInputStream().read()).isEqualTo(-1);
            assertThat(far.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void blackholeDropsOneWayWhileTheOtherFlowsAndBothSocketsStayOpen() throws Exception {
        try (Socket peer = connect()) {
            Socket far = target.accepted();
            awaitOpenConnections(1);
            assertThat(proxy.blackhole(Direction.TO_TARGET)).hasSize(1);

            peer.getOutputStream().write("lost".getBytes(StandardCharsets.US_ASCII));
            far.getOutputStream().write("heard".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(peer.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("heard");
            assertThat(readsNothingFor(far, Duration.ofMillis(500))).isTrue();
            assertThat(proxy.openConnections()).hasSize(1);
        }
    }

    @Test
    void aPeerBehindABlackholeIsNotToldThatTheOtherSideClosed() throws Exception {
        try (Socket peer = connect()) {
            Socket far = target.accepted();
            awaitOpenConnections(1);
            ProxiedConnection connection = proxy.blackhole(Direction.TO_CLIENT).get(0);
            far.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> connection.targetClosedNanos() > 0);
            assertThat(readsNothingFor(peer, Duration.ofMillis(500))).isTrue();
            assertThat(connection.clientClosedNanos()).isEqualTo(-1);
        }
    }

    @Test
    void connectionsMadeAfterABlackholePass() throws Exception {
        try (Socket first = connect()) {
            target.accepted();
            awaitOpenConnections(1);
            proxy.blackhole(Direction.TO_CLIENT);
            try (Socket second = connect()) {
                target.accepted().getOutputStream().write(7);
                assertThat(second.getInputStream().read()).isEqualTo(7);
            }
        }
    }

    @Test
    void latencyHoldsEachChunkAndKeepsTheirOrder() throws Exception {
        proxy.latency(150);
        try (Socket peer = connect()) {
            Socket far = target.accepted();
            long start = System.nanoTime();
            for (int i = 0; i < 40; i++) {
                peer.getOutputStream().write(i);
                peer.getOutputStream().flush();
                Thread.sleep(2);
            }
            byte[] received = far.getInputStream().readNBytes(40);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            for (int i = 0; i < 40; i++) {
                assertThat(received[i]).as("byte %d", i).isEqualTo((byte) i);
            }
            assertThat(tookMillis).as("the last byte is held at least the latency").isGreaterThanOrEqualTo(150);
        }
    }

    private void awaitOpenConnections(int n) {
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections().size() == n);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static boolean readsNothingFor(Socket socket, Duration wait) throws IOException {
        int previous = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            InputStream in = socket.getInputStream();
            return in.read() == -2;   // never: any byte or end of stream means something came through
        } catch (SocketTimeoutException expected) {
            return true;
        } finally {
            socket.setSoTimeout(previous);
        }
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 251);
        }
        return bytes;
    }

    private static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The proxy's target: a plain server socket whose accepted connections the test drives by hand. */
    private static final class Target implements AutoCloseable {
        private final ServerSocket server;
        private final BlockingQueue<Socket> accepted = new ArrayBlockingQueue<>(16);

        Target() {
            try {
                server = new ServerSocket(0, 16, java.net.InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept();
                        s.setSoTimeout(10_000);
                        accepted.add(s);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        Socket accepted() throws InterruptedException {
            Socket s = accepted.poll(10, TimeUnit.SECONDS);
            assertThat(s).as("the proxy connected to the target").isNotNull();
            return s;
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
