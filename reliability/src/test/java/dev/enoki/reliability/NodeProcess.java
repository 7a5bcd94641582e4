package dev.enoki.reliability;

import dev.enoki.testsupport.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Enoki node as users run it: the packaged {@code enoki.jar run} in a JVM of its own, with the suite's fixture
 * services on its class path. Its standard output goes line by line to a listener (the services' {@code EXEC} lines
 * feed the ledger) and is kept; standard error, the node's log, goes to {@code target/node-logs/NAME.log}.
 */
final class NodeProcess implements AutoCloseable {
    private static final Duration READY_WAIT = Duration.ofSeconds(90);

    private final String name;
    private final ChildJvm jvm;

    private NodeProcess(String name, ChildJvm jvm) {
        this.name = name;
        this.jvm = jvm;
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
        Path logs = logs();
        try {
            Files.createDirectories(logs);
            Path configFile = logs.resolve(name + ".yml");
            Files.writeString(configFile, config);
            ChildJvm jvm = ChildJvm.java("node-" + name)
                    .args("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                            "-jar", System.getProperty("enoki.jar", "../launcher/target/enoki.jar"),
                            "run", "--config", configFile.toString(), "--classpath", fixtureClasses())
                    .args(runArgs).env(env).stderrTo(logs.resolve(name + ".log")).onStdout(listener).start();
            return new NodeProcess(name, jvm);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node " + name, e);
        }
    }

    /** Waits for the launcher's ready line: every service of the node is consuming. */
    NodeProcess awaitReady() {
        jvm.awaitLine("node " + name + " ready (see its log)", l -> l.startsWith("enoki: ready"), READY_WAIT);
        return this;
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    List<String> stdout() {
        return jvm.stdout();
    }

    /** The process id, for {@code jcmd} and {@code kill}. */
    long pid() {
        return jvm.pid();
    }

    /** What the node has logged so far (its standard error). */
    String log() {
        try {
            return Files.readString(logs().resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many times the node's log matches {@code pattern} so far. */
    int logged(Pattern pattern) {
        Matcher m = pattern.matcher(log());
        int found = 0;
        while (m.find()) {
            found++;
        }
        return found;
    }

    /** {@code kill -9}: no goodbye, nothing acknowledged that was not already. */
    void kill() {
        jvm.kill();
    }

    /** {@code kill -TERM}: the launcher stops gracefully. */
    void terminate() {
        jvm.terminate();
    }

    /** {@code kill -STOP} / {@code kill -CONT}. */
    void signal(String signal) {
        jvm.signal(signal);
    }

    /** The exit code once the process has ended, or an error if it is still running after {@code wait}. */
    int awaitExit(Duration wait) {
        return jvm.awaitExit(wait);
    }

    /** Where the fixture services are compiled, for {@code --classpath}. */
    static String fixtureClasses() {
        return ChildJvm.locationOf(NodeProcess.class);
    }

    private static Path logs() {
        return Path.of(System.getProperty("node.logs", "target/node-logs"));
    }

    @Override
    public void close() {
        jvm.close();
    }
}
