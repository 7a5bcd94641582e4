package dev.enoki.internal.amqp;

import dev.enoki.testsupport.RabbitVhost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A TLS listener on the test broker: a CA, a server certificate for 127.0.0.1, a client certificate and a second,
 * unrelated CA, all made with {@code openssl} (and {@code keytool} for a trust store) in a temporary directory;
 * then an {@code amqp/ssl} listener on a free port of the running node that verifies peers and requires a client
 * certificate. The node's plain listener at
 * 5672 is untouched; {@link #close} removes the TLS listener and the files.
 */
final class TlsTestListener implements AutoCloseable {
    static final String KEY_STORE_PASSWORD = "keystore-pass-do-not-log";

    private final Path dir;
    private final int port;

    private TlsTestListener(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static TlsTestListener start() throws IOException {
        // The broker runs as its own user: it must be able to read the server's files.
        Path dir = Files.createTempDirectory("enoki-tls", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        TlsTestListener listener = new TlsTestListener(dir, freePort());
        try {
            listener.makeCertificates();
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

    private void makeCertificates() throws IOException {
        authority("ca");
        authority("other-ca");
        signed("server", "localhost", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        signed("client", "enoki-test-client", "ca", "extendedKeyUsage=clientAuth");
        openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:" + KEY_STORE_PASSWORD);
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", KEY_STORE_PASSWORD);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private void authority(String name) throws IOException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "2", "-subj", "/CN=enoki-test-" + name);
    }

    private void signed(String name, String commonName, String ca, String extension) throws IOException {
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                "-subj", "/CN=" + commonName);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    private void run(String... args) throws IOException {
        List<String> command = List.of(args);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    int port() {
        return port;
    }

    /** A file made for the test: {@code ca.pem}, {@code other-ca.pem}, {@code client.pem}/{@code .key}/{@code .p12}, {@code trust.p12}. */
    String file(String name) {
        return dir.resolve(name).toString();
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
