package dev.enoki.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own, started from the installed {@code rabbitmq-server} with its own node name, ports,
 * data, logs, config and plugins in a temporary directory (no management plugin), so that a test may stop, restart
 * or reconfigure a broker without touching the shared one at 127.0.0.1:5672. It registers with the machine's epmd
 * like any node; {@code rabbitmqctl -n} reaches it with the cookie in its own directory. {@link #close} stops it
 * and removes the directory.
 */
public final class RabbitNode implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    private static final Path BIN = Path.of("/usr/lib/rabbitmq/bin");
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final int CTL_TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final String nodeName;
    private final int port;
    private final int tlsPort;
    private final int distPort;
    private Process process;

    private RabbitNode(String name) throws IOException {
        this.dir = Files.createTempDirectory("enoki-rabbit-");
        this.port = FreePorts.next();
        this.tlsPort = FreePorts.next();
        this.distPort = FreePorts.next();
        this.nodeName = "enoki-" + name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    }

    /** Whether a RabbitMQ server is installed where this class starts it from. */
    public static boolean installed() {
        return Files.isExecutable(BIN.resolve("rabbitmq-server"));
    }

    /** A plain node: AMQP on {@link #port()}, guest/guest, no plugins. */
    public static RabbitNode start(String name) {
        return start(name, node -> "", List.of());
    }

    /**
     * A node whose {@code rabbitmq.conf} also has the lines {@code config} gives for it (its directory and
     * {@link #tlsPort()} are known by then), with {@code plugins} enabled.
     */
    public static RabbitNode start(String name, Function<RabbitNode, String> config, List<String> plugins) {
        RabbitNode node;
        try {
            node = new RabbitNode(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            node.writeFiles(config.apply(node), plugins);
            node.boot();
            return node;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void writeFiles(String config, List<String> plugins) throws IOException {
        Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.default = " + HOST + ":" + port,
                "loopback_users = none",
                "disk_free_limit.absolute = 50MB",
                "log.file.level = info",
                config, ""));
        Files.writeString(dir.resolve("enabled_plugins"), "[" + String.join(",", plugins) + "].\n");
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "");
        Path cookie = dir.resolve(".erlang.cookie");
        Files.writeString(cookie, UUID.randomUUID().toString().replace("-", ""));
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
    }

    /** The environment of the server and of every {@code rabbitmqctl} run against it. */
    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOME", dir.toString());   // where Erlang finds the cookie
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", HOST);
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir.resolve("advanced.config").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
        env.put("RABBITMQ_PID_FILE", dir.resolve("rabbit.pid").toString());
        env.put("ERL_EPMD_ADDRESS", HOST);
        env.put("ERL_FLAGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        return env;
    }

    private void boot() {
        try {
            ProcessBuilder builder = new ProcessBuilder(BIN.resolve("rabbitmq-server").toString())
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("server.out").toFile());
            builder.environment().putAll(environment());
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitListening();
        rabbitmqctl("await_startup");
    }

    /** Waits until the node takes AMQP connections, or fails with the server's output if it ends or takes too long. */
    private void awaitListening() {
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("RabbitMQ node " + nodeName + " did not start" + (process.isAlive()
                        ? " within " + BOOT : "") + "; its output: " + serverOutput());
            }
            pause();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String serverOutput() {
        try {
            return Files.readString(dir.resolve("server.out"));
        } catch (IOException e) {
            return "(none: " + e.getMessage() + ")";
        }
    }

    public String nodeName() {
        return nodeName;
    }

    /** The plain AMQP port. */
    public int port() {
        return port;
    }

    /** A free port set aside for a TLS listener the config may open. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The node's own directory, for files its config names (certificates...). */
    public Path dir() {
        return dir;
    }

    /** The broker URI of the default vhost as guest, as {@code AMQP_URI} and {@code --broker} take it. */
    public String uri() {
        return "amqp://guest:guest@" + HOST + ":" + port;
    }

    /** Stops the RabbitMQ application and leaves the Erlang node running: clients lose their connections. */
    public void stopApp() {
        rabbitmqctl("stop_app");
    }

    /** Starts the application again and waits until it takes connections. */
    public void startApp() {
        rabbitmqctl("start_app");
        rabbitmqctl("await_startup");
    }

    /** The broker restarts as an operator would restart it: everything not durable is gone. */
    public void restart() {
        stopApp();
        startApp();
    }

    /** The queues of the default vhost by name, with their type as the broker reports it (classic, quorum). */
    public Map<String, String> queueTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : rabbitmqctl("list_queues", "name", "type").split("\n")) {
            String[] columns = line.trim().split("\t");
            if (columns.length == 2) {
                types.put(columns[0], columns[1]);
            }
        }
        return types;
    }

    /** {@code rabbitmqctl -q -n NODE ARGS}: its output, or an error carrying it. */
    public String rabbitmqctl(String... args) {
        List<String> command = new ArrayList<>(List.of(BIN.resolve("rabbitmqctl").toString(), "-q", "-n", nodeName));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment());
            Process ctl = builder.start();
            ctl.getOutputStream().close();
            String out = new String(ctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ctl.waitFor(CTL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || ctl.exitValue() != 0) {
                ctl.destroyForcibly();
                throw new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " on " + nodeName
                        + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the node (the whole Erlang VM), then removes its directory. */
    @Override
    public void close() {
        try {
            if (process != null && process.isAlive()) {
                try {
                    rabbitmqctl("shutdown");
                } catch (RuntimeException e) {
                    process.destroy();
                }
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            deleteDirectory();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
