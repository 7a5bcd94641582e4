package dev.enoki.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Zipkin server ({@code io.zipkin:zipkin-server:3.5.1}, classifier {@code exec}) in a JVM of its own on a free
 * loopback port, with its in-memory storage: spans exported to {@link #spansEndpoint()} are read back with
 * {@link #traces} and {@link #trace}. The jar is taken from the Maven local repository ({@code maven.repo.local}, else
 * {@code ~/.m2/repository}), where the build that runs the tests has resolved it; {@code zipkin.server.jar} names
 * another. {@link #close} stops it.
 */
public final class ZipkinServer implements AutoCloseable {
    public static final String VERSION = "3.5.1";
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration REQUEST = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST).build();

    private ZipkinServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server and returns once its {@code /health} answers; an {@link AssertionError} with its log if not. */
    public static ZipkinServer start() {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("no Zipkin server at " + jar + ": the build resolves io.zipkin:zipkin-server:"
                    + VERSION + ":exec into the local repository before the tests run");
        }
        int port = FreePorts.next();
        try {
            Path log = Files.createTempFile("zipkin-server", ".log");
            // Loopback only, a small heap: the in-memory storage holds what a test writes
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
                    "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
                    "--armeria.ports[0].protocols[0]=http")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            ZipkinServer server = new ZipkinServer(process, log, port);
            server.awaitHealthy();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Zipkin server " + jar, e);
        }
    }

    /** The jar: {@code zipkin.server.jar}, else its place in the Maven local repository. */
    public static Path jar() {
        String named = System.getProperty("zipkin.server.jar");
        if (named != null && !named.isBlank()) {
            return Path.of(named);
        }
        String local = System.getProperty("maven.repo.local");
        Path repository = local != null && !local.isBlank() ? Path.of(local)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
        return repository.resolve(Path.of("io", "zipkin", "zipkin-server", VERSION,
                "zipkin-server-" + VERSION + "-exec.jar"));
    }

    public int port() {
        return port;
    }

    /** Where an exporter sends spans, as {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT} takes it. */
    public String spansEndpoint() {
        return baseUri() + "/api/v2/spans";
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * {@code GET /api/v2/traces?QUERY}: the JSON array of traces, each a JSON array of spans, e.g. for
     * {@code serviceName=orders&limit=10}.
     */
    public String traces(String query) {
        HttpResponse<String> response = get("/api/v2/traces?" + query);
        if (response.statusCode() != 200) {
            throw new AssertionError("Zipkin answered " + response.statusCode() + " to traces?" + query + ": "
                    + response.body());
        }
        return response.body();
    }

    /** {@code GET /api/v2/trace/ID}: the JSON array of the trace's spans, or null while Zipkin has none of them. */
    public String trace(String traceId) {
        HttpResponse<String> response = get("/api/v2/trace/" + traceId);
        if (response.statusCode() == 404) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("Zipkin answered " + response.statusCode() + " to trace " + traceId + ": "
                    + response.body());
        }
        return response.body();
    }

    /** The service names Zipkin has seen spans of, as a JSON array. */
    public String services() {
        return get("/api/v2/services").body();
    }

    /** The server's output so far, for a failing test's message. */
    public String log() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.toHandle().destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temporary file
        }
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the Zipkin server ended before it was healthy: " + log());
            }
            try {
                if (get("/health").statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet
            }
            pause();
        }
        close();
        throw new AssertionError("the Zipkin server was not healthy within " + STARTUP + ": " + log());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUri() + path)).timeout(REQUEST).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on the Zipkin server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
