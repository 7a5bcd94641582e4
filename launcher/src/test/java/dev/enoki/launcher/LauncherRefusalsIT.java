package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the user gets wrong ends in one clear line and its own exit code. */
class LauncherRefusalsIT {
    /** A routine log line, which may come before a mistake is found (a service started, then the gateway failed). */
    private static final Pattern INFO_LOG = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO .*");

    /** The process exited with {@code exitCode}, and its stderr says so in {@code line} and nothing else but INFO logs. */
    static void assertOneLine(LauncherProcess process, int exitCode, String line) {
        assertThat(process.exitCode()).as(process.stderrText()).isEqualTo(exitCode);
        assertThat(process.stderrText().lines().filter(l -> !l.isBlank() && !INFO_LOG.matcher(l).matches()))
                .as(process.stderrText()).containsExactly(line);
    }

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
    void aWebServerAddressInUseNamesItAndItsSettingUnderRunAndShell(@TempDir Path dir) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Path config = Files.writeString(dir.resolve("config.yaml"), "WEB_SERVER_ADDRESS: " + address + "\n");
            String line = "enoki: services failed to start: " + address + " is already in use (another process "
                    + "listens there): set WEB_SERVER_ADDRESS to a free [host:]port";
            for (String command : new String[]{"run", "shell"}) {
                assertOneLine(LauncherProcess.run(command, "--config", config.toString(), "--classpath",
                        LauncherProcess.classpath(), "dev.enoki.demo.http.HttpService"), ExitCodes.UNAVAILABLE, line);
            }
        }
    }

    @Test
    void aToolkitSettingOfTheWrongTypeIsAConfigError(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "max_workers: ten\n");
        String line = "enoki: config file " + config + ": max_workers must be a whole number, not 'ten'";
        assertOneLine(LauncherProcess.run("run", "--config", config.toString(), "--classpath",
                LauncherProcess.classpath(), "dev.enoki.demo.helloworld"), ExitCodes.CONFIG, line);
        assertOneLine(LauncherProcess.run("call", "--config", config.toString(), "greeting_service.hello"),
                ExitCodes.CONFIG, line);
    }

    @Test
    void aGatewaySettingOfTheWrongTypeIsAConfigError(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), "gateway:\n  max_json_depth: deep\n");
        assertOneLine(LauncherProcess.run("run", "--config", config.toString(), "--gateway",
                "127.0.0.1:" + FreePorts.next(), "--classpath", LauncherProcess.classpath(), "dev.enoki.demo.helloworld"),
                ExitCodes.CONFIG, "enoki: gateway.max_json_depth must be a whole number, not 'deep'");
    }

    @Test
    void aWrongOptionValueIsOneUsageLineWithoutTheUsage() {
        assertOneLine(LauncherProcess.run("call", "greeting_service.hello", "--timeout", "5x"), ExitCodes.USAGE,
                "enoki: Invalid value for option '--timeout': not a duration: '5x' (try 500ms, 5s, 2m, 1h) "
                        + "(enoki call --help for usage)");
        LauncherProcess badArgs = LauncherProcess.run("call", "greeting_service.hello", "--args", "[Matt");
        assertThat(badArgs.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badArgs.stderrText().lines()).singleElement().asString()
                .startsWith("enoki: --args is not valid JSON of the right shape: Unrecognized token 'Matt'")
                .endsWith("(enoki call --help for usage)");
    }

    @Test
    void aBrokerThatRefusesTheVhostOrTheLoginIsOneLineAtOnce() {
        assertOneLine(LauncherProcess.run("call", "--broker", "amqp://guest:guest@127.0.0.1:5672/enoki-no-such-vhost",
                "greeting_service.hello"), ExitCodes.CONFIG, "enoki: RabbitMQ at 127.0.0.1:5672 refused vhost "
                + "'enoki-no-such-vhost' for user 'guest': NOT_ALLOWED - vhost enoki-no-such-vhost not found; create the "
                + "vhost or give the user access to it, or fix the vhost in AMQP_URI");
        assertOneLine(LauncherProcess.run("call", "--broker", "amqp://guest:hunter2@127.0.0.1:5672/",
                "greeting_service.hello"), ExitCodes.CONFIG, "enoki: RabbitMQ refused the login for user 'guest' at "
                + "127.0.0.1:5672: check the user and password in AMQP_URI");
    }

    @Test
    void runWithoutAServiceIsAUsageError() {
        assertRefused(LauncherProcess.run("run"), ExitCodes.USAGE, "name at least one service class or package");
    }
}
