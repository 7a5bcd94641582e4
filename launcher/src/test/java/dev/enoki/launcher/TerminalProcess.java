package dev.enoki.launcher;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The packaged {@code enoki.jar} on a pseudo-terminal of its own (util-linux {@code script}), as a person at a
 * console runs it: what the test types goes through the terminal's line discipline, so Ctrl-C ({@code \u0003}) is
 * a SIGINT to the program and Tab reaches JLine's completion. The output is kept raw, escape sequences and all.
 */
final class TerminalProcess implements AutoCloseable {
    static final String CTRL_C = "\u0003";
    static final String CTRL_D = "\u0004";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final OutputStream keyboard;

    private TerminalProcess(Process process) {
        this.process = process;
        this.keyboard = process.getOutputStream();
        Thread reader = new Thread(this::read, "terminal-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar enoki.jar ARGS} on a terminal. */
    static TerminalProcess start(String... args) {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("enoki.jar", "target/enoki.jar")));
        java.addAll(List.of(args));
        // A terminal of 0 columns (script's own, with no terminal of its own to copy) shows JLine's prompt as "..."
        String command = "stty cols 200 rows 50; exec "
                + java.stream().map(TerminalProcess::quote).collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("script", "--quiet", "--flush", "--return", "--command", command,
                "/dev/null");
        builder.environment().put("TERM", "xterm");
        builder.redirectErrorStream(true);
        try {
            return new TerminalProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start script(1), which puts the shell on a terminal", e);
        }
    }

    /** Types {@code keys} as they are: {@code "\r"} is Enter, {@link #CTRL_C}, {@link #CTRL_D}, {@code "\t"}. */
    void type(String keys) {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where the output ends now, to wait for what comes after it. */
    int mark() {
        return output.length();
    }

    /** Waits until {@code text} is in the output after {@code mark}; returns where it ends. */
    int await(String text, int mark) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            int at = output.indexOf(text, mark);
            if (at >= 0) {
                return at + text.length();
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" on the terminal "
                        + (process.isAlive() ? "within " + WAIT : "before the program ended") + "; it shows:\n" + output);
            }
            pause();
        }
    }

    /** The output after {@code mark}. */
    String since(int mark) {
        return output.substring(mark);
    }

    String output() {
        return output.toString();
    }

    /** The exit code; a program still running after the wait is killed and fails the test. */
    int exitCode() {
        try {
            if (!process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running after " + WAIT + "; the terminal shows:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private void read() {
        char[] buffer = new char[4096];
        try (Reader in = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                output.append(buffer, 0, n);
            }
        } catch (IOException e) {
            // the terminal is gone
        }
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
