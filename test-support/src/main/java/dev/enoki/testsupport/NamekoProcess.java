package dev.enoki.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real Nameko 2.14.1 service run by {@code nameko run} in a Python process of its own, on Debian's python3 (see
 * the README of the Nameko folder for the packages it needs). Nameko is found through {@code NAMEKO_PATH}, else in
 * {@code ../shared/nameko-2.14.1} beside the repository. Its output (standard error too) is collected line by line;
 * {@link #close} stops it with SIGTERM, then kills it.
 */
public final class NamekoProcess implements AutoCloseable {
    public static final String PYTHON = "/usr/bin/python3";
    private static final String SHARED_COPY = "../shared/nameko-2.14.1";

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private NamekoProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
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
     * Returns when Nameko can run here. When it cannot, under {@code CI=true} the reason is an {@link AssertionError};
     * elsewhere it goes to {@code skip} (a test passes JUnit's {@code Assumptions::abort}).
     */
    public static void requireOrSkip(Consumer<String> skip) {
        String missing = missing();
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(missing);
        }
        skip.accept(missing);
    }

    /** What is missing to run Nameko, or null. */
    static String missing() {
        Path nameko = namekoPath();
        if (nameko == null) {
            return "Nameko 2.14.1 not found: set NAMEKO_PATH to its folder, or put it at " + SHARED_COPY
                    + " beside the repository";
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, "-c", "import eventlet, kombu, yaml, nameko")
                    .redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", nameko.toString());
            Process check = builder.start();
            check.getOutputStream().close();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!check.waitFor(60, TimeUnit.SECONDS) || check.exitValue() != 0) {
                return "Nameko at " + nameko + " does not import with " + PYTHON + " (install the Debian packages its "
                        + "README names): " + out.strip();
            }
            return null;
        } catch (IOException e) {
            return PYTHON + " cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Nameko's folder: {@code NAMEKO_PATH}, else {@code ../shared/nameko-2.14.1} beside the repository; or null. */
    public static Path namekoPath() {
        String configured = System.getenv("NAMEKO_PATH");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath();
            return Files.isDirectory(path.resolve("nameko")) ? path : null;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("toolkit"))) {
                Path shared = dir.resolve(SHARED_COPY).normalize();
                return Files.isDirectory(shared.resolve("nameko")) ? shared : null;
            }
        }
        return null;
    }

    /**
     * Writes {@code source} as module {@code module} in {@code dir} and runs its services with
     * {@code nameko run module --broker brokerUri}.
     */
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

    public static NamekoProcess run(Path dir, String module, String source, String brokerUri) {
        return start(dir, module, source, "--broker", brokerUri);
    }

    /**
     * Writes {@code source} as module {@code module} and {@code configYaml} as {@code <module>.yaml} in {@code dir},
     * and runs the module's services with {@code nameko run module --config <module>.yaml}.
     */
    public static NamekoProcess runWithConfig(Path dir, String module, String source, String configYaml) {
        try {
            Files.writeString(dir.resolve(module + ".yaml"), configYaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(dir, module, source, "--config", module + ".yaml");
    }

    private static NamekoProcess start(Path dir, String module, String source, String option, String value) {
        Path nameko = namekoPath();
        if (nameko == null) {
            throw new IllegalStateException(missing());
        }
        try {
            Files.writeString(dir.resolve(module + ".py"), source);
            ProcessBuilder builder = new ProcessBuilder(PYTHON, "-m", "nameko", "run", module, option, value)
                    .directory(dir.toFile()).redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", nameko + java.io.File.pathSeparator + dir);
            builder.environment().put("PYTHONUNBUFFERED", "1");
            Process process = builder.start();
            process.getOutputStream().close();
            return new NamekoProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until an output line matches; an {@link AssertionError} with the output if it ends or time runs out. */
    public void awaitLine(String what, Predicate<String> line, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (output.stream().noneMatch(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("Nameko: no " + what + (process.isAlive() ? " within " + within
                        : " before it ended") + "; output: " + output);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
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
