package dev.enoki.reliability;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of the scenario's own, so it may be stopped and started while other builds use the shared broker
 * at 5672: its own node name, ports, data, logs, config and (empty) plugin list in a temporary directory, started
 * with the installed {@code rabbitmq-server} (which runs it as the {@code rabbitmq} user, hence the directory is
 * handed to that user). Ports come from below the kernel's ephemeral range, where a client socket cannot take them
 * between the check and the node's listen. {@link #close} stops it and deletes the directory, and a shutdown hook
 * does the same should the test JVM end first.
 */
final class PrivateRabbit implements AutoCloseable {
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_000;

    private final String node = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private final Path dir;
    private final int port;
    private final Thread cleanupOnExit = new Thread(this::stopAndDelete, "private-rabbit-cleanup");
    private boolean closed;

    private PrivateRabbit() throws IOException {
        dir = Files.createTempDirectory("enoki-fault-rabbit-");
        port = freePortPair();
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq.conf"), "");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        run(List.of("chown", "-R", "rabbitmq:rabbitmq", dir.toString()), Map.of(), 30);
        startServer(Map.of(
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
                "RABBITMQ_NODE_PORT", Integer.toString(port),
                "RABBITMQ_DIST_PORT", Integer.toString(port + 1),
                "RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", dir.resolve("log").toString(),
                "RABBITMQ_PID_FILE", pidFile().toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString(),
                "RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString(),
                "RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()));
        ctl("wait", "--timeout", "90", pidFile().toString());
    }

    /** Starts a node and waits until it accepts connections; on failure nothing is left behind. */
    static PrivateRabbit start() {
        PrivateRabbit rabbit = null;
        try {
            rabbit = new PrivateRabbit();
            return rabbit;
        } catch (IOException | RuntimeException e) {
            if (rabbit != null) {
                rabbit.close();
            }
            throw new IllegalStateException("cannot start a private RabbitMQ node", e);
        }
    }

    /** The broker URI (vhost {@code /}, guest/guest), as {@code --broker} and {@code AMQP_URI} take it. */
    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    String node() {
        return node;
    }

    /** The RabbitMQ application stops: every connection is closed; durable queues and persistent messages stay. */
    void stopApp() {
        ctl("stop_app");
    }

    void startApp() {
        ctl("start_app");
        ctl("await_startup", "--timeout", "60");
    }

    /** A {@code list_*} command's rows, e.g. {@code list("list_consumers", "queue_name", "prefetch_count")}. */
    JsonArray list(String command, String... columns) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(List.of(columns));
        args.addAll(List.of("--formatter", "json"));
        return new JsonArray(ctl(args.toArray(String[]::new)));
    }

    /** {@code rabbitmqctl -q -n NODE ARGS}: its output, or an error with it. */
    String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-q", "-n", node));
        command.addAll(List.of(args));
        return run(command, Map.of(), 120);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAndDelete();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway and finds nothing left to do
        }
    }

    private void stopAndDelete() {
        try {
            if (Files.exists(pidFile())) {
                try {
                    ctl("stop", "--timeout", "60", pidFile().toString());
                } catch (RuntimeException e) {
                    String pid = Files.readString(pidFile()).trim();
                    run(List.of("kill", "-9", pid), Map.of(), 10);
                }
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("private RabbitMQ " + node + " in " + dir + " not fully cleaned up: " + e);
        }
    }

    private Path pidFile() {
        return dir.resolve("rabbitmq.pid");
    }

    /** A free port whose successor is free too (node and distribution), below the ephemeral range. */
    private static int freePortPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(FIRST_PORT, LAST_PORT);
            if (free(candidate) && free(candidate + 1)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port pair between " + FIRST_PORT + " and " + LAST_PORT);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The detached node would hold a pipe open for ever: its start-up output goes to a file instead. */
    private void startServer(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("rabbitmq-server", "-detached").redirectErrorStream(true)
                .redirectOutput(dir.resolve("startup.out").toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmq-server -detached failed: "
                        + Files.readString(dir.resolve("startup.out")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String run(List<String> command, Map<String, String> env, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
