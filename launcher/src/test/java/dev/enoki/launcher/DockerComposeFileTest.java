package dev.enoki.launcher;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root docker-compose.yml is a file Debian's docker-compose accepts, with the guards the cluster relies on;
 * scripts/compose-test.sh starts it for real after the build.
 */
class DockerComposeFileTest {
    private static final Path DOCKER_COMPOSE = Path.of("/usr/bin/docker-compose");

    @Test
    void dockerComposeAcceptsTheClusterFile() throws Exception {
        assertThat(DOCKER_COMPOSE).as("docker-compose is needed to check docker-compose.yml: apt-get install -y docker-compose")
                .isExecutable();
        Path file = Path.of(System.getProperty("docker.compose.file", "../docker-compose.yml")).toAbsolutePath();
        assertThat(file).isRegularFile();

        Process config = new ProcessBuilder(DOCKER_COMPOSE.toString(), "-f", file.toString(), "config", "-q")
                .redirectErrorStream(true).start();
        config.getOutputStream().close();
        String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(config.waitFor(60, TimeUnit.SECONDS)).as("docker-compose config ended").isTrue();
        assertThat(config.exitValue()).as(output).isZero();
        // Nodes start once the broker is healthy and are healthy only once their /health/ready says so
        assertThat(Files.readString(file)).contains("condition: service_healthy", "/health/ready");
    }
}
