package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --cluster}: a service run in one JVM is called and listed from others through Hazelcast; those client
 * commands print no Hazelcast chatter, and one that finds no node says which cluster it looked for.
 */
class ClusterCommandsIT {
    /** A cluster of this test's own, so no other cluster on the machine can be joined. */
    private final String name = "enoki-it-" + UUID.randomUUID();
    private final Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", name,
            "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false");

    @Test
    void callAndServicesReachAServiceRunOnAnotherNode() {
        int seed = FreePorts.next();
        String members = "127.0.0.1:" + seed;
        try (LauncherProcess node = LauncherProcess.start(env, "run", "--cluster", "--cluster-port",
                String.valueOf(seed), "--members", members, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(node.stdoutText()).contains("on eventbus (clustered)");

            long started = System.nanoTime();
            LauncherProcess call = LauncherProcess.run(env, "call", "--cluster", "--cluster-port",
                    String.valueOf(FreePorts.next()), "--members", members, "greeting_service.hello",
                    "--args", "[\"Matt\"]");
            System.out.printf("call --cluster, from start to exit: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(call.exitCode()).as(call.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(call.stdoutText()).isEqualTo("\"Hello, Matt!\"");
            // Hazelcast's chatter, the CP subsystem's "UNSAFE mode" warning first, is not the caller's business
            assertThat(call.stderrText()).doesNotContain("UNSAFE").doesNotContain("WARN");

            LauncherProcess services = LauncherProcess.run(env, "services", "--cluster", "--json", "--cluster-port",
                    String.valueOf(FreePorts.next()), "--members", members);
            assertThat(services.exitCode()).as(services.stderrText()).isEqualTo(ExitCodes.OK);
            JsonArray listed = new JsonObject(services.stdoutText()).getJsonArray("services");
            assertThat(listed).hasSize(1);
            JsonObject greeting = listed.getJsonObject(0);
            assertThat(greeting.getString("name")).isEqualTo("greeting_service");
            assertThat(greeting.getJsonArray("instances").getJsonObject(0).getBoolean("healthy")).isTrue();

            // A terminal shell greets with the cluster it joined and how many others are in it
            try (TerminalProcess shell = TerminalProcess.start("shell", "--cluster", "--cluster-name", name,
                    "--members", members)) {
                shell.await("Enoki shell on the clustered event bus of cluster '" + name + "' (members " + members
                        + "), 1 other member", 0);
                shell.type("exit\r");
                assertThat(shell.exitCode()).as(shell.output()).isEqualTo(ExitCodes.OK);
            }

            // Under another name the node does not answer, and the command says which name it looked for
            LauncherProcess elsewhere = LauncherProcess.run(env, "services", "--cluster", "--cluster-name", "enoki-other",
                    "--cluster-port", String.valueOf(FreePorts.next()), "--members", members);
            assertThat(elsewhere.exitCode()).as(elsewhere.stderrText()).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(elsewhere.stderrText()).isEqualTo("enoki: no node of cluster 'enoki-other' (members "
                    + members + ") answered: start one with 'enoki run --cluster', or give the name the nodes use "
                    + "(--cluster-name, cluster.name, ENOKI_CLUSTER_NAME) and where they listen (--members)");

            node.terminate();
            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(node.stderrText()).doesNotContain("UNSAFE")
                    // The jar's manifest opens what Hazelcast needs, so plain java -jar gives it full access
                    .doesNotContain("without proper access");
        }
    }
}
