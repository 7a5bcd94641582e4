package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop started by scripts/local-cluster.sh: orders, payments + inventory and emails on three clustered JVMs and a
 * gateway-only fourth; an order placed over HTTP at the gateway ends in the emails its events cause.
 */
class ShopClusterIT {
    private static final Duration SCRIPT = Duration.ofSeconds(180);
    private static final Duration EMAILS_ARRIVE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> env = new HashMap<>();
    private List<String> scriptOutput = List.of();

    @AfterEach
    void stopCluster() throws Exception {
        script("stop");
    }

    @Test
    void anOrderPlacedAtTheGatewayEndsInBothEmailsOnAnotherNode() throws Exception {
        int gateway = FreePorts.next();
        env.putAll(Map.of("ENOKI_LOCAL_DIR", Files.createTempDirectory("enoki-local-cluster").toString(),
                "ENOKI_CLUSTER_NAME", "enoki-shop-it-" + UUID.randomUUID(),
                "ENOKI_GATEWAY_PORT", String.valueOf(gateway),
                "ENOKI_ORDERS_HTTP_PORT", String.valueOf(FreePorts.next()),
                "ENOKI_HAZELCAST_BASE", String.valueOf(FreePorts.block(4) - 1),
                "ENOKI_EVENTBUS_BASE", String.valueOf(FreePorts.block(4) - 1)));

        // The script returns once the gateway lists every service, or fails saying which node died.
        assertThat(script("start")).isZero();
        assertThat(listedServices(gateway)).containsAll(Set.of("orders", "payments", "inventory", "emails"));

        // The enoki command the script prints reaches the same cluster
        String printed = scriptOutput.stream().filter(line -> line.contains(" services --cluster")).findFirst()
                .orElseThrow(() -> new AssertionError("no enoki command in the script's output: " + scriptOutput));
        List<String> words = List.of(printed.substring(printed.indexOf(" services --cluster") + 1).split(" +"));
        LauncherProcess services = LauncherProcess.run(words.toArray(String[]::new));
        assertThat(services.exitCode()).as(services.stderrText()).isEqualTo(ExitCodes.OK);
        assertThat(services.stdoutText()).contains("orders", "payments", "inventory", "emails");

        HttpResponse<String> placed = post(gateway, "/orders",
                "{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId = new JsonObject(placed.body()).getString("id");
        assertThat(placed.headers().firstValue("Location")).contains("/orders/" + orderId);

        await().atMost(EMAILS_ARRIVE).pollInterval(Duration.ofMillis(200))
                .until(() -> sentSubjects(gateway), subjects -> subjects.containsAll(
                        List.of("Your order " + orderId, "Receipt for " + orderId)));
    }

    /** Runs the script with this test's ports and cluster name; its output goes to the test's output. */
    private int script(String command) throws Exception {
        if (env.isEmpty()) {
            return 0;
        }
        Path output = Files.createTempFile("local-cluster", ".out");
        ProcessBuilder builder = new ProcessBuilder("bash", System.getProperty("local.cluster.script"), command)
                .redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(SCRIPT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("local-cluster.sh " + command + " did not finish within " + SCRIPT);
            }
            return process.exitValue();
        } finally {
            scriptOutput = Files.readAllLines(output);
            scriptOutput.forEach(System.out::println);
            Files.delete(output);
        }
    }

    private Set<String> listedServices(int gateway) throws IOException, InterruptedException {
        HttpResponse<String> services = http.send(HttpRequest.newBuilder(uri(gateway, "/api/services")).build(),
                HttpResponse.BodyHandlers.ofString());
        Object body = services.statusCode() == 200 ? new JsonObject(services.body()).getValue("services") : null;
        JsonArray listed = body instanceof JsonArray array ? array : new JsonArray();
        return listed.stream().map(service -> ((JsonObject) service).getString("name")).collect(Collectors.toSet());
    }

    private List<String> sentSubjects(int gateway) throws IOException, InterruptedException {
        HttpResponse<String> sent = post(gateway, "/api/emails/sent", "[]");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        return new JsonArray(sent.body()).stream().map(email -> ((JsonObject) email).getString("subject")).toList();
    }

    private HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(port, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
