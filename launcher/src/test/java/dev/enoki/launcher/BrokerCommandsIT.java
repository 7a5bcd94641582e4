package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --broker}: services run in one process and are called from another through RabbitMQ. */
class BrokerCommandsIT {

    @Test
    void callReachesAServiceRunInAnotherProcessThroughTheBroker() {
        try (RabbitVhost vhost = RabbitVhost.create("enoki-launcher-");
             LauncherProcess node = LauncherProcess.start("run", "--broker", vhost.uri(), "--classpath",
                     LauncherProcess.classpath(), "dev.enoki.demo.helloworld", "dev.enoki.demo.shop")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(node.stdoutText()).contains("on amqp (the broker at amqp://guest:********@127.0.0.1:5672/");

            LauncherProcess hello = LauncherProcess.run("call", "--broker", vhost.uri(), "greeting_service.hello",
                    "--args", "[\"Matt\"]");
            assertThat(hello.exitCode()).as(hello.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(hello.stdoutText()).isEqualTo("\"Hello, Matt!\"");
            assertThat(hello.stderrText()).as("a one-shot command logs warnings only").isEmpty();

            LauncherProcess refused = LauncherProcess.run("call", "--broker", vhost.uri(), "orders.createOrder",
                    "--kwargs", "{\"customer\": \"bob@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 99}]}");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.REMOTE_ERROR);
            assertThat(refused.stderrText()).contains("OutOfStock: enoki-mug");
        }
    }

    @Test
    void anUnreachableBrokerIsTriedAgainThenRefusedSayingWhereWithoutItsPassword() {
        int closed = FreePorts.next();
        String uri = "amqp://guest:hunter2@127.0.0.1:" + closed + "/";
        LauncherProcess run = LauncherProcess.run("run", "--broker", uri, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.stderrText())
                .contains("cannot reach the broker at amqp://guest:********@127.0.0.1:" + closed + "/")
                .contains("127.0.0.1:" + closed + " vhost /")
                .contains("attempt 1 of 4", "attempt 3 of 4", "(4 attempts)")
                .doesNotContain("hunter2").doesNotContain("Exception\n\tat ");
    }

    @Test
    void callGivesUpOnAnUnreachableBrokerAfterTheConfiguredRetries(@TempDir Path dir) throws IOException {
        int closed = FreePorts.next();
        Path config = Files.writeString(dir.resolve("config.yaml"), "broker_connect_retries: 1\n");
        LauncherProcess call = LauncherProcess.run("call", "--config", config.toString(), "--broker",
                "amqp://guest:hunter2@127.0.0.1:" + closed + "/shop", "greeting_service.hello");

        assertThat(call.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(call.stderrText()).contains("127.0.0.1:" + closed + " vhost shop", "attempt 1 of 2", "(2 attempts)")
                .doesNotContain("hunter2");
    }
}
