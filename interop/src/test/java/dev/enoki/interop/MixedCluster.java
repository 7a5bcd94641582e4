package dev.enoki.interop;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceRunner;
import dev.enoki.testsupport.NamekoInstall;
import dev.enoki.testsupport.NamekoProcess;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Enoki services and real Python Nameko services on one fresh vhost of the real RabbitMQ, and an Enoki client: what
 * each interop test class starts once. Python runs the scripts of {@code src/test/python} and, when asked, Nameko's
 * documentation examples.
 */
final class MixedCluster implements AutoCloseable {
    static final Path SCRIPTS = Path.of("src/test/python").toAbsolutePath();
    private static final Duration START = Duration.ofSeconds(60);

    private final RabbitVhost vhost;
    private final Path workDir;
    private final List<Path> pythonPath;
    private ServiceRunner runner;
    private NamekoProcess nameko;
    private EnokiClient client;

    private MixedCluster(RabbitVhost vhost, Path workDir, List<Path> pythonPath) {
        this.vhost = vhost;
        this.workDir = workDir;
        this.pythonPath = pythonPath;
    }

    /**
     * Starts {@code python} (specs for {@code nameko run}, {@code pythonContainers} service containers in all) and
     * {@code java} on a vhost of their own, and returns once both consume. {@code withExamples}: Nameko's
     * documentation examples are importable as package {@code examples} (skipped or failed as
     * {@link NamekoInstall#requireOrSkip} says when they are not there).
     */
    static MixedCluster start(boolean withExamples, List<String> python, int pythonContainers, Class<?>... java) {
        NamekoInstall.requireOrSkip(Assumptions::abort);
        List<Path> pythonPath = new ArrayList<>(List.of(SCRIPTS));
        if (withExamples) {
            Path docs = NamekoInstall.find().docs();
            if (docs == null) {
                NamekoInstall.failOrSkip("Nameko's documentation examples (docs/examples) are not beside its package: "
                        + "set NAMEKO_PATH to a copy of Nameko's repository", Assumptions::abort);
            }
            pythonPath.add(docs);
        }
        MixedCluster cluster;
        try {
            cluster = new MixedCluster(RabbitVhost.create("enoki-interop-"), Files.createTempDirectory("enoki-interop-"),
                    pythonPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.nameko = NamekoProcess.runServices(cluster.workDir, pythonPath, cluster.vhost.uri(),
                    python.toArray(String[]::new));
            ServiceRunner runner = new ServiceRunner(cluster.config());
            for (Class<?> service : java) {
                runner.addService(service);
            }
            cluster.runner = runner;
            runner.start().await();
            cluster.client = EnokiClient.connect(cluster.config());
            cluster.nameko.awaitConsuming(pythonContainers, START);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    JsonObject config() {
        return new JsonObject().put("AMQP_URI", vhost.uri());
    }

    EnokiClient client() {
        return client;
    }

    ServiceContainer container(Class<?> service) {
        return runner.container(service);
    }

    /** What the Nameko services printed and logged so far. */
    List<String> namekoOutput() {
        return nameko.output();
    }

    /**
     * Runs {@code script} of {@code src/test/python} with the vhost's URI as its argument until it ends, and returns
     * what it printed on its {@code RESULTS} line.
     */
    ScriptResults runScript(String script) {
        try (NamekoProcess run = NamekoProcess.script(SCRIPTS.resolve(script), pythonPath, vhost.uri())) {
            run.awaitSuccess(START);
            return run.output().stream().filter(line -> line.startsWith("RESULTS ")).findFirst()
                    .map(line -> new ScriptResults(new JsonObject(line.substring("RESULTS ".length()))))
                    .orElseThrow(() -> new AssertionError(script + " printed no RESULTS: " + run.output()));
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (runner != null) {
            runner.stop().await();
        }
        if (nameko != null) {
            nameko.close();
        }
        vhost.close();
        try (var files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
