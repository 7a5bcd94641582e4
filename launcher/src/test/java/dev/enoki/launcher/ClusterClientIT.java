package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code call}, {@code services} and {@code shell} with {@code --cluster} reach the nodes as cluster clients: they
 * answer, print nothing of Hazelcast, and the node they talked to logs nothing about them coming and going (no
 * member joining or leaving, no member suspected to be dead).
 */
class ClusterClientIT {
    /** How soon a node notices a member gone silent; twice that is how long its log is watched. */
    private static final Duration FAILURE_TIMEOUT = Duration.ofSeconds(2);

    private final String name = "enoki-it-" + UUID.randomUUID();
    private final Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", name,
            "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false",
            "ENOKI_CLUSTER_FAILURE_TIMEOUT", FAILURE_TIMEOUT.toSeconds() + "s", "ENOKI_LOG_STACK", "full");

    @Test
    void commandsThroughTheClusterAnswerAndLeaveNothingInTheNodesLog() {
        int port = FreePorts.next();
        String members = "127.0.0.1:" + port;
        try (LauncherProcess node = LauncherProcess.start(env, "run", "--cluster", "--cluster-port",
                String.valueOf(port), "--members", members, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            int logged = node.stderr().size();

            long started = System.nanoTime();
            LauncherProcess call = LauncherProcess.run(env, "call", "--cluster", "--members", members,
                    "greeting_service.hello", "--args", "[\"Matt\"]");
            System.out.printf("call --cluster as a client, from start to exit: %d ms%n",
                    (System.nanoTime() - started) / 1_000_000);
            assertThat(call.exitCode()).as(call.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(call.stdoutText()).isEqualTo("\"Hello, Matt!\"");
            assertThat(call.stderr()).isEmpty();

            LauncherProcess services = LauncherProcess.run(env, "services", "--cluster", "--json", "--members", members);
            assertThat(services.exitCode()).as(services.stderrText()).isEqualTo(ExitCodes.OK);
            JsonArray listed = new JsonObject(services.stdoutText()).getJsonArray("services");
            assertThat(listed).extracting(s -> ((JsonObject) s).getString("name")).containsExactly("greeting_service");
            assertThat(services.stderr()).isEmpty();

            // The shell counts the node, and completes a service's methods from the cluster's registry
            try (TerminalProcess shell = TerminalProcess.start("shell", "--cluster", "--cluster-name", name,
                    "--members", members)) {
                int at = shell.await("1 other member", 0);
                at = shell.await("enoki> ", at);
                shell.type("n.rpc.greeting_service.\t");
                at = shell.await("hello(", at);
                shell.type("\"Ann\")\r");
                at = shell.await("\"Hello, Ann!\"", at);
                shell.await("enoki> ", at);
                shell.type(TerminalProcess.CTRL_D);
                assertThat(shell.exitCode()).as(shell.output()).isEqualTo(ExitCodes.OK);
                assertThat(shell.output()).doesNotContain("WARN").doesNotContain("Exception");
            }

            // A member that came and went would be seen leaving, or suspected, within the failure timeout
            await().during(FAILURE_TIMEOUT.multipliedBy(2)).atMost(FAILURE_TIMEOUT.multipliedBy(3))
                    .untilAsserted(() -> assertThat(linesAfter(node.stderr(), logged)).isEmpty());
        }
    }

    private static List<String> linesAfter(List<String> lines, int from) {
        return List.copyOf(lines.subList(from, lines.size()));
    }
}
