package dev.enoki.launcher;

import dev.enoki.testsupport.NamekoProcess;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code enoki services --broker}: the Enoki services a node runs in another process and a running Python Nameko
 * service, listed by a process that runs nothing itself.
 */
class ServicesOnBrokerIT {

    @Test
    void servicesListsTheEnokiServicesOfAnotherProcessAndTheNamekoService(@TempDir Path dir) {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        try (RabbitVhost vhost = RabbitVhost.create("enoki-launcher-");
             NamekoProcess nameko = NamekoProcess.echo(dir, vhost.uri());
             LauncherProcess node = LauncherProcess.start("run", "--broker", vhost.uri(), "--classpath",
                     LauncherProcess.classpath(), "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            nameko.awaitLine("Nameko started", line -> line.startsWith("starting services"), Duration.ofSeconds(60));

            AtomicReference<LauncherProcess> listed = new AtomicReference<>();
            await("both services listed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        listed.set(LauncherProcess.run("services", "--broker", vhost.uri()));
                        return listed.get().stdoutText().contains("py_echo");
                    });
            LauncherProcess services = listed.get();
            assertThat(services.exitCode()).as(services.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(services.stdoutText()).containsPattern("greeting_service +1 +amqp +[0-9a-f]{8} +hello\\(name\\)")
                    .containsPattern("py_echo +1 +amqp +rabbitmq");

            LauncherProcess json = LauncherProcess.run("services", "--broker", vhost.uri(), "--json");
            assertThat(json.exitCode()).as(json.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(new JsonObject(json.stdoutText()).getJsonArray("services").stream()
                    .map(s -> ((JsonObject) s).getString("name"))).contains("greeting_service", "py_echo");
        }
    }
}
