package dev.enoki.testsupport;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A real Nameko 2.14.1 in a Python process of its own, on Debian's python3: services run by {@code nameko run}, or
 * a script (a standalone client). Nameko is the one {@link NamekoInstall} finds. Its output (standard error too) is
 * collected line by line; {@link #close} stops it with SIGTERM, then kills it.
 */
public final class NamekoProcess implements AutoCloseable {
    public static final String PYTHON = NamekoInstall.PYTHON;

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private NamekoProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "nameko-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Returns when Nameko can run here. When it cannot, with the environment variable {@code CI} set the reason is an
     * {@link AssertionError}; elsewhere it goes to {@code skip} (a test passes JUnit's {@code Assumptions::abort}).
     */
    public static void requireOrSkip(Consumer<String> skip) {
        NamekoInstall.requireOrSkip(skip);
    }

    /** A Nameko service {@code py_echo} whose one method, {@code echo(value)}, answers its argument. */
    public static NamekoProcess echo(Path dir, String brokerUri) {
        return run(dir, "py_echo_service", """
                from nameko.rpc import rpc


                class PyEcho:
                    name = "py_echo"

                    @rpc
                    def echo(self, value):
                        return value
                """, brokerUri);
    }

    /**
     * Writes {@code source} as module {@code module} in {@code dir} and runs its services with
     * {@code nameko run module --broker brokerUri}.
     */
    public static NamekoProcess run(Path dir, String module, String source, String brokerUri) {
        try {
            Files.writeString(dir.resolve(module + ".py"), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return runServices(dir, List.of(dir), brokerUri, module);
    }

    /**
     * {@code nameko run SERVICES} in {@code dir} on {@code brokerUri}, with {@code pythonPath} on the module path:
     * each of {@code services} is a module, or {@code module:Class} for one service of it. Its config (a file written
     * in {@code dir}) logs Nameko's INFO lines as bare messages and each container's "consumer started", which
     * {@link #awaitConsuming} waits for.
     */
    public static NamekoProcess runServices(Path dir, List<Path> pythonPath, String brokerUri, String... services) {
        Path config = dir.resolve("nameko-" + UUID.randomUUID() + ".yaml");
        try {
            // JSON is YAML; the URI is JSON-quoted
            Files.writeString(config, """
                    {"AMQP_URI": "%s",
                     "LOGGING": {"version": 1, "disable_existing_loggers": false,
                                 "formatters": {"bare": {"format": "%%(message)s"}},
                                 "handlers": {"out": {"class": "logging.StreamHandler", "formatter": "bare"}},
                                 "loggers": {"nameko.messaging": {"level": "DEBUG"}},
                                 "root": {"level": "INFO", "handlers": ["out"]}}}
                    """.formatted(brokerUri.replace("\\", "\\\\").replace("\"", "\\\"")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, "-m", "nameko", "run"));
        command.addAll(List.of(services));
        command.addAll(List.of("--config", config.toString()));
        return start(dir, pythonPath, command);
    }

    /**
     * Writes {@code source} as module {@code module} and {@code configYaml} as {@code <module>.yaml} in {@code dir},
     * and runs the module's services with {@code nameko run module --config <module>.yaml}.
     */
    public static NamekoProcess runWithConfig(Path dir, String module, String source, String configYaml) {
        try {
            Files.writeString(dir.resolve(module + ".py"), source);
            Files.writeString(dir.resolve(module + ".yaml"), configYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(dir, List.of(dir), List.of(PYTHON, "-m", "nameko", "run", module, "--config", module + ".yaml"));
    }

    /** {@code python3 script ARGS}, with Nameko and {@code pythonPath} on the module path: a standalone client. */
    public static NamekoProcess script(Path script, List<Path> pythonPath, String... args) {
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(List.of(args));
        return start(script.toAbsolutePath().getParent(), pythonPath, command);
    }

    private static NamekoProcess start(Path dir, List<Path> pythonPath, List<String> command) {
        NamekoInstall nameko = NamekoInstall.find();
        if (nameko.missing() != null) {
            throw new IllegalStateException(nameko.missing());
        }
        List<Path> path = new ArrayList<>();
        if (nameko.folder() != null) {
            path.add(nameko.folder());
        }
        path.addAll(pythonPath);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", path.stream().map(p -> p.toAbsolutePath().toString())
                    .collect(Collectors.joining(File.pathSeparator)));
            builder.environment().put("PYTHONUNBUFFERED", "1");
            builder.environment().put("PYTHONIOENCODING", "utf-8");
            Process process = builder.start();
            process.getOutputStream().close();
            return new NamekoProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until an output line matches; an {@link AssertionError} with the output if it ends or time runs out. */
    public void awaitLine(String what, Predicate<String> line, Duration within) {
        awaitOutput(what, lines -> lines.stream().anyMatch(line), within);
    }

    /** Waits until {@code containers} service containers consume their queues, so calls and events reach them. */
    public void awaitConsuming(int containers, Duration within) {
        awaitOutput(containers + " containers consuming", lines -> lines.stream()
                .filter(l -> l.startsWith("consumer started")).count() >= containers, within);
    }

    private void awaitOutput(String what, Predicate<List<String>> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.test(output)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Nameko: no " + what + (process.isAlive() ? " within " + within
                        : " before it ended") + "; output: " + output);
            }
            pause();
        }
    }

    /** Waits until a script ends with exit code 0: an {@link AssertionError} with its output otherwise. */
    public void awaitSuccess(Duration within) {
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Nameko script still running after " + within + "; output: " + output);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));   // the last lines
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("Nameko script ended with " + process.exitValue() + "; output: " + output);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public List<String> output() {
        return List.copyOf(output);
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
    }
}
