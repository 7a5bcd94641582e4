package dev.enoki.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * One Enoki node as users run it: the packaged {@code enoki.jar run} in a JVM of its own, with the suite's fixture
 * services on its class path. Its standard output goes line by line to a listener (the services' {@code EXEC} lines
 * feed the ledger) and is kept; standard error, the node's log, goes to {@code target/node-logs/NAME.log}.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration READY_WAIT = Duration.ofSeconds(90);

    private final String name;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();

    private NodeProcess(String name, Process process, Consumer<String> listener) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(() -> read(listener), "node-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code enoki.jar run ARGS} with {@code config} (YAML) as its config file, e.g.
     * {@code start("a", "max_workers: 4", line -> ..., "--broker", uri, WorkService.class.getName())}.
     */
    static NodeProcess start(String name, String config, Consumer<String> listener, String... runArgs) {
        return start(name, config, Map.of(), listener, runArgs);
    }

    static NodeProcess start(String name, String config, Map<String, String> env, Consumer<String> listener,
                             String... runArgs) {
        Path logs = Path.of(System.getProperty("node.logs", "target/node-logs"));
        try {
            Files.createDirectories(logs);
            Path configFile = logs.resolve(name + ".yml");
            Files.writeString(configFile, config);
            List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("enoki.jar", "../launcher/target/enoki.jar"),
                    "run", "--config", configFile.toString(), "--classpath", fixtureClasses()));
            command.addAll(List.of(runArgs));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(logs.resolve(name + ".log").toFile()));
            builder.environment().putAll(env);
            return new NodeProcess(name, builder.start(), listener);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    private void read(Consumer<String> listener) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                stdout.add(line);
                listener.accept(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** Waits for the launcher's ready line: every service of the node is consuming. */
    NodeProcess awaitReady() {
        await("node " + name + " ready").atMost(READY_WAIT).pollInterval(Duration.ofMillis(50))
                .failFast("node " + name + " exited; see its log", () -> !process.isAlive())
                .until(() -> stdout.stream().anyMatch(l -> l.startsWith("enoki: ready")));
        return this;
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** The process id, for {@code jcmd} and {@code kill}. */
    long pid() {
        return process.pid();
    }

    /** What the node has logged so far (its standard error). */
    String log() {
        try {
            return Files.readString(Path.of(System.getProperty("node.logs", "target/node-logs")).resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9}: no goodbye, nothing acknowledged that was not already. */
    void kill() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /** {@code kill -TERM}: the launcher stops gracefully. Through the handle, so our ends of its pipes stay open. */
    void terminate() {
        process.toHandle().destroy();
    }

    /** {@code kill -STOP} / {@code kill -CONT}. */
    void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The exit code once the process has ended, or an error if it is still running after {@code wait}. */
    int awaitExit(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("node " + name + " still running after " + wait);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Where the fixture services are compiled, for {@code --classpath}. */
    static String fixtureClasses() {
        try {
            return Path.of(NodeProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
