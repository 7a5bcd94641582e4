package dev.enoki.internal.amqp;

import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A TLS listener on the test broker: {@link TestCertificates} in a temporary directory, then an {@code amqp/ssl}
 * listener on a free port of the running node that verifies peers and requires a client certificate. The node's
 * plain listener at 5672 is untouched; {@link #close} removes the TLS listener and the files.
 */
final class TlsTestListener implements AutoCloseable {
    static final String KEY_STORE_PASSWORD = TestCertificates.KEY_STORE_PASSWORD;

    private final Path dir;
    private final int port;
    private TestCertificates certificates;

    private TlsTestListener(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static TlsTestListener start() throws IOException {
        // The broker runs as its own user: it must be able to read the server's files.
        Path dir = Files.createTempDirectory("enoki-tls", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        TlsTestListener listener = new TlsTestListener(dir, FreePorts.next());
        try {
            listener.certificates = TestCertificates.makeIn(dir);
            RabbitVhost.rabbitmqctl("eval", "rabbit_networking:start_ssl_listener({\"127.0.0.1\", " + listener.port
                    + "}, [{cacertfile, \"" + listener.file("ca.pem") + "\"}, {certfile, \"" + listener.file("server.pem")
                    + "\"}, {keyfile, \"" + listener.file("server.key") + "\"}, {verify, verify_peer}, "
                    + "{fail_if_no_peer_cert, true}], 1).");
            return listener;
        } catch (RuntimeException | IOException e) {
            listener.deleteFiles();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** A file made for the test: {@code ca.pem}, {@code other-ca.pem}, {@code client.pem}/{@code .key}/{@code .p12}, {@code trust.p12}. */
    String file(String name) {
        return certificates.file(name);
    }

    @Override
    public void close() {
        try {
            RabbitVhost.rabbitmqctl("eval", "rabbit_networking:stop_tcp_listener({\"127.0.0.1\", " + port + "}).");
        } finally {
            deleteFiles();
        }
    }

    private void deleteFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
