package dev.enoki.discovery;

import dev.enoki.discovery.nodes.TestNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A {@link TestNode} in a JVM of its own, started on the test class path; its report lines are collected. */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile String nodeId;
    private volatile long readyAtNanos;

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-" + name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(String name, String configJson, String services, File logDir) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ClusteredVertx.JVM_FLAGS);
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), TestNode.class.getName(), name, configJson, services));
        logDir.mkdirs();
        try {
            Process p = new ProcessBuilder(command).redirectError(new File(logDir, name + ".log")).start();
            return new NodeProcess(name, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    nodeId = line.split(" ")[2];
                    readyAtNanos = System.nanoTime();
                }
                lines.add(line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    NodeProcess awaitReady() {
        await("node " + name + " ready").atMost(Duration.ofSeconds(90))
                .failFast("node " + name + " exited", () -> !process.isAlive())
                .until(() -> nodeId != null);
        return this;
    }

    String name() {
        return name;
    }

    String nodeId() {
        return nodeId;
    }

    long readyAtNanos() {
        return readyAtNanos;
    }

    /** The report lines of one kind, without the kind and node name: {@code EVENT B x y} gives {@code x y}. */
    List<String> reports(String kind) {
        String prefix = kind + " " + name + " ";
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** {@code kill -9}: no goodbye, no withdrawal. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Graceful stop: closing its input makes the node stop its containers and leave the cluster. */
    void stop() throws InterruptedException, IOException {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** {@code kill -STOP} / {@code kill -CONT}: the JVM stays a member but stops doing anything. */
    void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
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
