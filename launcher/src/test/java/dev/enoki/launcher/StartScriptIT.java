package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code enoki} start script at the repository's root runs a command as {@code java -jar enoki.jar} does, and
 * keeps a class-data archive for it: made by the first run that succeeds, used by the next ones, made again when the
 * jar changes, and never kept from a failed run.
 */
class StartScriptIT {
    private static final Path SCRIPT = Path.of("..", "enoki").toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String name = "enoki-it-" + UUID.randomUUID();
    private final Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", name,
            "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false");
    private final List<Process> started = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void aClusterCallThroughTheScriptAnswersAndMapsItsClassesFromTheArchiveMadeByTheFirstRun() throws Exception {
        Path jar = Files.copy(Path.of(System.getProperty("enoki.jar", "target/enoki.jar")), dir.resolve("enoki.jar"));
        Path cache = dir.resolve("cache");
        int port = FreePorts.next();
        String members = "127.0.0.1:" + port;
        try (LauncherProcess node = LauncherProcess.start(env, "run", "--cluster", "--cluster-port",
                String.valueOf(port), "--members", members, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));

            Result first = call(jar, cache, members, "");
            assertThat(first.exitCode).as(first.stderr).isEqualTo(ExitCodes.OK);
            assertThat(first.stdout).isEqualTo("\"Hello, Matt!\"\n");
            assertThat(first.stderr).isEmpty();
            List<Path> archives = archives(cache);
            assertThat(archives).hasSize(1);

            Path classes = dir.resolve("classes.log");
            Result second = call(jar, cache, members, "-Xlog:class+load=info:file=" + classes);
            assertThat(second.exitCode).as(second.stderr).isEqualTo(ExitCodes.OK);
            assertThat(second.stdout).isEqualTo("\"Hello, Matt!\"\n");
            assertThat(second.stderr).isEmpty();
            assertThat(Files.readString(classes))
                    .containsPattern("dev\\.enoki\\.launcher\\.CallCommand source: shared objects file \\(top\\)")
                    .containsPattern("com\\.hazelcast\\.client\\.HazelcastClient source: shared objects file \\(top\\)");

            // Another build of the jar: the old archive cannot serve it and is replaced
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
            Result rebuilt = call(jar, cache, members, "");
            assertThat(rebuilt.exitCode).as(rebuilt.stderr).isEqualTo(ExitCodes.OK);
            assertThat(rebuilt.stdout).isEqualTo("\"Hello, Matt!\"\n");
            assertThat(archives(cache)).hasSize(1).doesNotContainAnyElementsOf(archives);
        }
    }

    @Test
    void aCallThatFoundNoClusterLeavesNoArchive() throws Exception {
        Path cache = dir.resolve("cache");
        Result failed = call(Path.of(System.getProperty("enoki.jar", "target/enoki.jar")), cache,
                "127.0.0.1:" + FreePorts.next(), "");
        assertThat(failed.exitCode).as(failed.stderr).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(failed.stderr).startsWith("enoki: no node of cluster '" + name + "'");
        assertThat(archives(cache)).isEmpty();
    }

    private Result call(Path jar, Path cache, String members, String javaOptions) throws Exception {
        assertThat(SCRIPT).isExecutable();
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), "call", "--cluster", "--members", members,
                "greeting_service.hello", "--args", "[\"Matt\"]")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("ENOKI_JAR", jar.toString());
        environment.put("ENOKI_CACHE_DIR", cache.toString());
        environment.put("ENOKI_JAVA_OPTS", javaOptions);
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        process.getOutputStream().close();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the script ended").isTrue();
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static List<Path> archives(Path cache) throws IOException {
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }
}
