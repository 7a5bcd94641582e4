package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --cluster}: a service run in one JVM is called and listed from others through Hazelcast. */
class ClusterCommandsIT {
    /** A cluster of this test's own, so no other cluster on the machine can be joined. */
    private final Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", "enoki-it-" + UUID.randomUUID(),
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

            LauncherProcess call = LauncherProcess.run(env, "call", "--cluster", "--cluster-port",
                    String.valueOf(FreePorts.next()), "--members", members, "greeting_service.hello",
                    "--args", "[\"Matt\"]");
            assertThat(call.exitCode()).as(call.stderrText()).isEqualTo(ExitCodes.OK);
            assertThat(call.stdoutText()).isEqualTo("\"Hello, Matt!\"");

            LauncherProcess services = LauncherProcess.run(env, "services", "--cluster", "--json", "--cluster-port",
                    String.valueOf(FreePorts.next()), "--members", members);
            assertThat(services.exitCode()).as(services.stderrText()).isEqualTo(ExitCodes.OK);
            JsonArray listed = new JsonObject(services.stdoutText()).getJsonArray("services");
            assertThat(listed).hasSize(1);
            JsonObject greeting = listed.getJsonObject(0);
            assertThat(greeting.getString("name")).isEqualTo("greeting_service");
            assertThat(greeting.getJsonArray("instances").getJsonObject(0).getBoolean("healthy")).isTrue();

            // The jar's manifest opens what Hazelcast needs, so plain java -jar gives it full access
            assertThat(node.stderrText()).doesNotContain("without proper access");
        }
    }
}
