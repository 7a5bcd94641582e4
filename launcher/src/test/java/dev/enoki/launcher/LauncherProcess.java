package dev.enoki.launcher;

import dev.enoki.demo.helloworld.GreetingService;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** The packaged {@code enoki.jar} run as a separate process, its output collected line by line. */
final class LauncherProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    private LauncherProcess(Process process) {
        this.process = process;
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    static LauncherProcess start(String... args) {
        return start(Map.of(), args);
    }

    static LauncherProcess start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1",
                "-jar", System.getProperty("enoki.jar", "target/enoki.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        try {
            return new LauncherProcess(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    /** Runs to the end with this stdin; returns the finished process. */
    static LauncherProcess runWithInput(String stdin, String... args) {
        LauncherProcess launcher = start(args);
        try (OutputStream in = launcher.process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        launcher.exitCode();
        return launcher;
    }

    static LauncherProcess run(String... args) {
        return runWithInput("", args);
    }

    /** Runs to the end with this environment added and no stdin. */
    static LauncherProcess run(Map<String, String> env, String... args) {
        LauncherProcess launcher = start(env, args);
        try {
            launcher.process.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        launcher.exitCode();
        return launcher;
    }

    /** Where the demo services' classes are, for {@code --classpath}. */
    static String demoClasses() {
        return locationOf(GreetingService.class);
    }

    /** Where this module's test fixtures are, for {@code --classpath}. */
    static String fixtureClasses() {
        return locationOf(LauncherProcess.class);
    }

    static String classpath() {
        return demoClasses() + File.pathSeparator + fixtureClasses();
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitOutput(Predicate<String> line) {
        await().atMost(WAIT).until(() -> out.stream().anyMatch(line) || !process.isAlive());
        if (out.stream().noneMatch(line)) {
            throw new AssertionError("the process ended without that line; stdout: " + out + " stderr: " + err);
        }
    }

    /** Sends SIGTERM. Through the handle: {@code Process.destroy()} would also close our ends of its output. */
    void terminate() {
        process.toHandle().destroy();
    }

    int exitCode() {
        try {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the process did not end; stdout: " + out + " stderr: " + err);
            }
            await().atMost(Duration.ofSeconds(5)).until(this::drained);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private volatile int openStreams = 2;

    private boolean drained() {
        return openStreams == 0;
    }

    List<String> stdout() {
        return List.copyOf(out);
    }

    /** The position of the first stdout line starting with {@code prefix}, or -1. */
    int lineStartingWith(String prefix) {
        List<String> lines = stdout();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    String stdoutText() {
        return String.join("\n", out);
    }

    String stderrText() {
        return String.join("\n", err);
    }

    private void collect(InputStream stream, List<String> into) {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // the process went away
            } finally {
                synchronized (this) {
                    openStreams--;
                }
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
