package dev.enoki.launcher;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A node JVM with a management address: its metrics after a known load, its health as its gateway's console reads
 * it, and readiness on SIGTERM.
 */
class NodeManagementIT {
    private static final String SERVICE = "dev.enoki.launcher.fixtures.CountedService";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aNodeServesItsCallsJvmAndVertxMetricsAndItsHealthOnTheManagementAddress() throws Exception {
        int port = FreePorts.next();
        int gatewayPort = FreePorts.next();
        try (RabbitVhost vhost = RabbitVhost.create("enoki-management-");
             LauncherProcess node = LauncherProcess.start(Map.of("ENOKI_MANAGEMENT_ADDRESS", "127.0.0.1:" + port),
                     "run", "--broker", vhost.uri(), "--gateway", "127.0.0.1:" + gatewayPort,
                     "--classpath", LauncherProcess.fixtureClasses(), SERVICE)) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(node.stdoutText()).contains("enoki: management on http://127.0.0.1:" + port
                    + "/ (/metrics, /health/live, /health/ready)");

            try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()))) {
                for (int i = 0; i < 5; i++) {
                    assertThat(client.proxy("counted").call("echo", String.class, "hi")).isEqualTo("hi");
                }
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> client.proxy("counted").call("refuse", String.class))
                            .isInstanceOf(RemoteError.class);
                }
            }

            String metrics = get(port, "/metrics").body();
            assertThat(metrics)
                    .contains("rpc_server_call_duration_seconds_count{error_type=\"none\",rpc_method=\"echo\","
                            + "rpc_service=\"counted\",rpc_system=\"nameko\"} 5")
                    .contains("rpc_server_call_duration_seconds_count{error_type=\"IllegalArgumentException\","
                            + "rpc_method=\"refuse\",rpc_service=\"counted\",rpc_system=\"nameko\"} 2")
                    .contains("rpc_server_call_duration_seconds_bucket{error_type=\"none\",rpc_method=\"echo\"")
                    .contains("enoki_workers_busy{service=\"counted\"} 0")
                    .contains("enoki_workers_queued{service=\"counted\"} 0")
                    .contains("enoki_amqp_publish_confirm_duration_seconds_count{outcome=\"ok\"}")
                    .contains("enoki_registry_instances ")
                    .contains("jvm_memory_used_bytes{")
                    .containsPattern("(?m)^vertx_\\w+");
            assertThat(metrics).doesNotContainPattern("call_id|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}");

            JsonArray busiest = new JsonArray(get(port, "/metrics/busiest").body());
            assertThat(busiest.getJsonObject(0).getMap()).containsEntry("service", "counted")
                    .containsEntry("method", "echo").containsEntry("calls", 5).containsEntry("errors", 0);
            assertThat(busiest.getJsonObject(1).getMap()).containsEntry("method", "refuse").containsEntry("errors", 2);

            JsonObject seen = new JsonObject(get(gatewayPort, "/api/nodes").body()).getJsonArray("nodes").getJsonObject(0);
            assertThat(seen.getString("management")).as("the node's records name its management server")
                    .isEqualTo("127.0.0.1:" + port);
            assertThat(seen.getString("health")).isEqualTo("ready");
            assertThat(seen.getJsonArray("busiest").getJsonObject(0).getInteger("calls")).isEqualTo(5);
            assertThat(get(gatewayPort, "/metrics").body()).as("the gateway serves the node's one registry")
                    .contains("rpc_server_call_duration_seconds_count{error_type=\"none\",rpc_method=\"echo\"");

            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");

            node.terminate();
            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
        }
    }

    @Test
    void readinessTurns503OnSigtermWhileTheNodeStillServesThenTheRunningCallFinishesInTheDrain(@TempDir Path dir)
            throws Exception {
        int port = FreePorts.next();
        Path config = Files.writeString(dir.resolve("node.yaml"), "management_address: 127.0.0.1:" + port
                + "\nstop_delay: 3s\n");
        try (RabbitVhost vhost = RabbitVhost.create("enoki-management-");
             LauncherProcess node = LauncherProcess.start("run", "--config", config.toString(), "--broker", vhost.uri(),
                     "--classpath", LauncherProcess.fixtureClasses(), SERVICE);
             EnokiClient client = awaitReady(node, vhost)) {
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);
            Future<String> slow = client.proxy("counted").withTimeout(Duration.ofSeconds(60))
                    .callAsync("hold", String.class, 6_000L);
            node.awaitOutput(line -> line.equals("hold started"));

            node.terminate();

            await().atMost(Duration.ofSeconds(10)).until(() -> get(port, "/health/ready").statusCode() == 503);
            assertThat(slow.isComplete()).as("the slow call is still running when readiness is lost").isFalse();
            assertThat(new JsonObject(get(port, "/health/ready").body()).getString("status")).isEqualTo("DOWN");
            assertThat(client.proxy("counted").call("echo", String.class, "still here"))
                    .as("during stop_delay the node still takes calls").isEqualTo("still here");

            await().atMost(Duration.ofSeconds(30)).until(slow::isComplete);
            assertThat(slow.result()).isEqualTo("held");
            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(node.lineStartingWith("enoki: stopping: /health/ready answers 503; still taking calls for "
                    + "stop_delay 3s")).isPositive()
                    .isLessThan(node.lineStartingWith("enoki: stopping: running calls have up to"));
            assertThat(node.lineStartingWith("hold finished")).isLessThan(node.lineStartingWith("enoki: stopped"));
        }
    }

    @Test
    void aClusteredNodeGaugesTheMembersOfItsClusterAndTheInstancesItsRegistryKnows() throws Exception {
        int port = FreePorts.next();
        int seed = FreePorts.next();
        Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", "enoki-it-" + UUID.randomUUID(),
                "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false", "ENOKI_MANAGEMENT_ADDRESS", "127.0.0.1:" + port);
        try (LauncherProcess node = LauncherProcess.start(env, "run", "--cluster", "--cluster-port",
                String.valueOf(seed), "--members", "127.0.0.1:" + seed, "--classpath", LauncherProcess.fixtureClasses(),
                SERVICE)) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(get(port, "/metrics").body())
                    .containsPattern("(?m)^enoki_cluster_members 1(\\.0)?$")
                    .containsPattern("(?m)^enoki_registry_instances 1(\\.0)?$"));
            assertThat(get(port, "/health/ready").statusCode()).isEqualTo(200);

            node.terminate();
            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
        }
    }

    private static EnokiClient awaitReady(LauncherProcess node, RabbitVhost vhost) {
        node.awaitOutput(line -> line.startsWith("enoki: ready"));
        return EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()));
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
