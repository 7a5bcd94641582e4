package dev.enoki.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What the user gets wrong ends in one clear line and its own exit code. */
class LauncherRefusalsIT {

    private static void assertRefused(LauncherProcess process, int exitCode, String message) {
        assertThat(process.exitCode()).isEqualTo(exitCode);
        assertThat(process.stderrText()).contains(message).doesNotContain("Exception\n\tat ");
    }

    @Test
    void aClassThatIsNotFoundIsRefused() {
        assertRefused(LauncherProcess.run("run", "--classpath", LauncherProcess.classpath(), "com.example.Missing"),
                ExitCodes.NOT_A_SERVICE, "no class or package named 'com.example.Missing'");
        assertRefused(LauncherProcess.run("run", "--classpath", LauncherProcess.classpath(), "dev.enoki.demo.shop:Missing"),
                ExitCodes.NOT_A_SERVICE, "class dev.enoki.demo.shop.Missing (from 'dev.enoki.demo.shop:Missing') was not found");
    }

    @Test
    void aClassThatIsNotAServiceIsRefused() {
        assertRefused(LauncherProcess.run("run", "--classpath", LauncherProcess.fixtureClasses(),
                "dev.enoki.launcher.fixtures.NotAService"), ExitCodes.NOT_A_SERVICE,
                "dev.enoki.launcher.fixtures.NotAService is not a service: annotate it with @Service");
    }

    @Test
    void aConfigFileThatDoesNotParseIsRefused(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("broken.yaml"), "services: [unclosed\n");
        assertRefused(LauncherProcess.run("run", "--config", config.toString(), "--classpath",
                LauncherProcess.classpath(), "dev.enoki.demo.helloworld"), ExitCodes.CONFIG,
                "config file " + config + ": config is not valid YAML or JSON");
        assertRefused(LauncherProcess.run("show-config", "--config", dir.resolve("none.yaml").toString()),
                ExitCodes.CONFIG, "does not exist");
    }

    @Test
    void runWithoutAServiceIsAUsageError() {
        assertRefused(LauncherProcess.run("run"), ExitCodes.USAGE, "name at least one service class or package");
    }
}
