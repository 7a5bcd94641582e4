package dev.enoki.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A Java program in a JVM of its own, as a test starts a node or the launcher: its standard output is collected line
 * by line (and handed to a listener), its standard error collected too or appended to a file. Signals, a graceful
 * end through stdin or SIGTERM, and {@code kill -9}; {@link #close} kills it if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(5);

    private final String name;
    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CountDownLatch drained;

    private ChildJvm(String name, Process process, Consumer<String> listener, boolean collectStderr) {
        this.name = name;
        this.process = process;
        this.drained = new CountDownLatch(collectStderr ? 2 : 1);
        // The listener first: whoever sees the line in stdout() also sees what the listener made of it.
        read(process.getInputStream(), line -> {
            listener.accept(line);
            stdout.add(line);
        }, "stdout");
        if (collectStderr) {
            read(process.getErrorStream(), stderr::add, "stderr");
        }
    }

    /** Starts {@code java JVM_OPTIONS ARGS} with the running JVM's own java, e.g. {@code ("-jar", "x.jar", "run")}. */
    public static Builder java(String name) {
        return new Builder(name, Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** As {@link #java(String)}, with another JDK's {@code java} (see {@link Jdks}). */
    public static Builder java(String name, Path java) {
        return new Builder(name, java);
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The process id, for {@code jcmd} and {@code kill}. */
    public long pid() {
        return process.pid();
    }

    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** Standard error's lines, when it is collected rather than written to a file. */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    /**
     * Waits until a stdout line matches; an {@link AssertionError} naming {@code what}, with the output so far, if
     * the process ends without it or {@code within} passes.
     */
    public void awaitLine(String what, Predicate<String> line, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (stdout.stream().noneMatch(line)) {
            if (!process.isAlive()) {
                awaitDrained();
                if (stdout.stream().anyMatch(line)) {
                    return;
                }
                throw new AssertionError(name + " ended before " + what + "; " + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " within " + within + "; " + output());
            }
            pause(50);
        }
    }

    /** Writes {@code text} to its stdin and closes it: a program reading to the end of its input goes on. */
    public void finishInput(String text) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True once the process has ended, waiting at most {@code wait} for it. */
    public boolean endsWithin(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Its exit code once it has ended and its output is read; an {@link AssertionError} if it still runs. */
    public int awaitExit(Duration wait) {
        if (!endsWithin(wait)) {
            throw new AssertionError(name + " still running after " + wait + "; " + output());
        }
        awaitDrained();
        return process.exitValue();
    }

    /** {@code kill -9}: no goodbye, nothing acknowledged that was not already. */
    public void kill() {
        process.destroyForcibly();
        endsWithin(Duration.ofSeconds(10));
    }

    /** {@code kill -TERM}. Through the handle: {@code Process.destroy()} would also close our ends of its pipes. */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** {@code kill -STOP}, {@code kill -CONT} and the like. */
    public void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The directory or jar a class was loaded from, e.g. for a child's {@code --classpath}. */
    public static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private String output() {
        return "stdout: " + stdout + (stderr.isEmpty() ? "" : " stderr: " + stderr);
    }

    private void read(InputStream stream, Consumer<String> lines, String which) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                drained.countDown();
            }
        }, name + "-" + which);
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitDrained() {
        try {
            drained.await(DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What to start and where its output goes. */
    public static final class Builder {
        private final String name;
        private final List<String> command = new ArrayList<>();
        private Map<String, String> env = Map.of();
        private Path stderrFile;
        private Consumer<String> listener = line -> { };

        private Builder(String name, Path java) {
            this.name = name;
            command.add(java.toString());
        }

        /** JVM options and then the program and its arguments, in order. */
        public Builder args(String... args) {
            command.addAll(List.of(args));
            return this;
        }

        public Builder args(List<String> args) {
            command.addAll(args);
            return this;
        }

        /** Variables added to the inherited environment. */
        public Builder env(Map<String, String> env) {
            this.env = env;
            return this;
        }

        /** Standard error appended to this file (a node's log) instead of collected. */
        public Builder stderrTo(Path file) {
            this.stderrFile = file;
            return this;
        }

        /** Called with each stdout line as it comes, on the reading thread. */
        public Builder onStdout(Consumer<String> listener) {
            this.listener = listener;
            return this;
        }

        public ChildJvm start() {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            if (stderrFile != null) {
                builder.redirectError(ProcessBuilder.Redirect.appendTo(stderrFile.toFile()));
            }
            try {
                return new ChildJvm(name, builder.start(), listener, stderrFile == null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name + ": " + command, e);
            }
        }
    }
}
