package dev.enoki.discovery;

import dev.enoki.discovery.nodes.TestNode;
import dev.enoki.testsupport.ChildJvm;

import java.io.File;
import java.time.Duration;
import java.util.List;

/** A {@link TestNode} in a JVM of its own, started on the test class path; its report lines are collected. */
final class NodeProcess implements AutoCloseable {
    private final String name;
    private final ChildJvm jvm;
    private volatile String nodeId;
    private volatile long readyAtNanos;

    private NodeProcess(String name, String configJson, String services, File logDir) {
        this.name = name;
        logDir.mkdirs();
        this.jvm = ChildJvm.java("node-" + name).args(ClusteredVertx.JVM_FLAGS)
                .args("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), TestNode.class.getName(), name, configJson, services)
                .stderrTo(new File(logDir, name + ".log").toPath())
                .onStdout(this::noteReady)
                .start();
    }

    static NodeProcess start(String name, String configJson, String services, File logDir) {
        return new NodeProcess(name, configJson, services, logDir);
    }

    /** TestNode prints {@code READY name nodeId} once its containers run. */
    private void noteReady(String line) {
        if (line.startsWith("READY ")) {
            readyAtNanos = System.nanoTime();
            nodeId = line.split(" ")[2];
        }
    }

    NodeProcess awaitReady() {
        jvm.awaitLine("node " + name + " ready", line -> line.startsWith("READY "), Duration.ofSeconds(90));
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
        return jvm.stdout().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
    }

    /** {@code kill -9}: no goodbye, no withdrawal. */
    void kill() {
        jvm.kill();
    }

    /** {@code kill -STOP} / {@code kill -CONT}: the JVM stays a member but stops doing anything. */
    void signal(String signal) {
        jvm.signal(signal);
    }

    @Override
    public void close() {
        jvm.close();
    }
}
