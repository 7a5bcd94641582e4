package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code shell}, {@code call}, {@code services}, {@code show-config} and {@code --help}, each as a process. */
class ClientCommandsIT {

    @Test
    void shellFedByStdinCallsDispatchesAndListsTheServicesItHosts() {
        String script = String.join("\n",
                "n.rpc.greeting_service.hello(\"Matt\")",
                "n.greeting_service.hello(name='Ann')",
                "n.orders.createOrder('ann@example.com', [{sku: 'enoki-mug', quantity: 2}])",
                "n.dispatch_event(\"monitor\", \"ping\", {\"n\": 1})",
                "services",
                "n.orders.createOrder('bob@example.com', [{\"sku\": \"enoki-mug\", \"quantity\": 99}])",
                "exit",
                "n.greeting_service.hello('never reached')", "");
        LauncherProcess shell = LauncherProcess.runWithInput(script, "shell", "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld", "dev.enoki.demo.shop");

        assertThat(shell.exitCode()).isEqualTo(ExitCodes.REMOTE_ERROR);
        assertThat(shell.stdout()).startsWith("\"Hello, Matt!\"", "\"Hello, Ann!\"");
        assertThat(new JsonObject(shell.stdout().get(2)).getLong("totalCents")).isEqualTo(2_400L);
        assertThat(shell.stdout().get(3)).isEqualTo("dispatched monitor.ping");
        assertThat(shell.stdoutText()).containsPattern("greeting_service +1 +eventbus")
                .containsPattern("orders +1 +eventbus .*createOrder\\(customer, items\\) getOrder\\(id\\)")
                .contains("OutOfStock: enoki-mug: 8 left, 99 asked")
                .doesNotContain("never reached");
    }

    @Test
    void callPrintsWhyNoServiceAnswersOnTheEmbeddedBus() {
        LauncherProcess call = LauncherProcess.run("call", "greeting_service.hello", "--args", "[\"Matt\"]",
                "--timeout", "5s");
        assertThat(call.exitCode()).isEqualTo(ExitCodes.NO_ANSWER);
        assertThat(call.stderrText()).contains("UnknownService")
                .contains("the embedded event bus reaches only this process");
    }

    @Test
    void callRefusesArgumentsThatAreNotJson() {
        LauncherProcess call = LauncherProcess.run("call", "greeting_service.hello", "--args", "[Matt");
        assertThat(call.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(call.stderrText()).contains("--args is not valid JSON");
    }

    @Test
    void servicesListsTheRegistryAsJson() {
        LauncherProcess services = LauncherProcess.run("services", "--json", "--classpath",
                LauncherProcess.classpath(), "dev.enoki.demo.shop");
        assertThat(services.exitCode()).isEqualTo(ExitCodes.OK);
        JsonArray records = new JsonObject(services.stdoutText()).getJsonArray("services");
        assertThat(records.stream().map(r -> ((JsonObject) r).getString("name")))
                .containsExactly("emails", "inventory", "orders", "payments");
        assertThat(records.getJsonObject(0).getJsonArray("subscriptions")).hasSize(2);
        assertThat(records.getJsonObject(2).getJsonArray("instances")).hasSize(1);
    }

    @Test
    void servicesSaysWhatTheLocalRegistryCannotKnow() {
        LauncherProcess services = LauncherProcess.run("services");
        assertThat(services.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(services.stdoutText()).contains("no services known to this process");
    }

    @Test
    void showConfigSubstitutesTheEnvironmentAndMasksSecrets(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config.yaml"), String.join("\n",
                "AMQP_URI: amqp://shop:${SHOP_PASSWORD}@${RABBIT_HOST:localhost}:5672/",
                "max_workers: ${WORKERS:10}",
                "auth:",
                "  jwt_secret: ${JWT_SECRET}",
                ""));
        LauncherProcess show = LauncherProcess.start(Map.of("SHOP_PASSWORD", "hunter2", "JWT_SECRET", "s3cret",
                "WORKERS", "4"), "show-config", "--config", config.toString());

        assertThat(show.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(show.stdoutText()).contains("AMQP_URI: amqp://shop:********@localhost:5672/", "max_workers: 4",
                "jwt_secret: '********'").doesNotContain("hunter2").doesNotContain("s3cret");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"run", "call", "shell", "services", "show-config"}) {
            LauncherProcess help = LauncherProcess.run(command, "--help");
            assertThat(help.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(help.stdoutText()).startsWith("Usage: enoki " + command);
        }
    }
}
