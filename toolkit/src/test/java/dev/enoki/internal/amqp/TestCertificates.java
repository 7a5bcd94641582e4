package dev.enoki.internal.amqp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates for TLS tests, made with {@code openssl} (and {@code keytool} for a trust store) in a directory: a CA,
 * a server certificate for 127.0.0.1 and localhost, a client certificate whose common name is
 * {@value #CLIENT_NAME}, and a second, unrelated CA. Readable by every user: a broker may run as its own.
 */
final class TestCertificates {
    static final String KEY_STORE_PASSWORD = "keystore-pass-do-not-log";
    /** The client certificate's common name: the user a broker's EXTERNAL login takes from it. */
    static final String CLIENT_NAME = "enoki-test-client";

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes {@code ca.pem}, {@code other-ca.pem}, {@code server.pem}/{@code .key},
     * {@code client.pem}/{@code .key}/{@code .p12} and {@code trust.p12} in {@code dir}.
     */
    static TestCertificates makeIn(Path dir) throws IOException {
        TestCertificates certificates = new TestCertificates(dir);
        certificates.make();
        return certificates;
    }

    private void make() throws IOException {
        authority("ca");
        authority("other-ca");
        signed("server", "localhost", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        signed("client", CLIENT_NAME, "ca", "extendedKeyUsage=clientAuth");
        openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
                "-passout", "pass:" + KEY_STORE_PASSWORD);
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "trust.p12",
                "-storetype", "PKCS12", "-storepass", KEY_STORE_PASSWORD);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }

    /** A file made here, by name. */
    String file(String name) {
        return dir.resolve(name).toString();
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
}
