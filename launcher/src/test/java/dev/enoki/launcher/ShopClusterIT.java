package dev.enoki.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shop as scripts/local-cluster.sh lays it out: orders, payments + inventory and emails on three clustered JVMs
 * and a gateway-only fourth; an order placed over HTTP at the gateway ends in the emails its events cause.
 */
class ShopClusterIT {
    private static final Duration CLUSTER_FORMS = Duration.ofSeconds(120);
    private static final Duration EMAILS_ARRIVE = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LauncherProcess> nodes = new ArrayList<>();

    @AfterEach
    void destroyNodes() {
        nodes.forEach(LauncherProcess::close);
    }

    @Test
    void anOrderPlacedAtTheGatewayEndsInBothEmailsOnAnotherNode() throws Exception {
        List<Integer> memberPorts = IntStream.range(0, 4).mapToObj(i -> FreePorts.next()).toList();
        String members = memberPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        int gateway = FreePorts.next();
        Map<String, String> env = new HashMap<>(Map.of("ENOKI_CLUSTER_NAME", "enoki-shop-it-" + UUID.randomUUID(),
                "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false",
                "ENOKI_WEB_SERVER_ADDRESS", "127.0.0.1:" + FreePorts.next()));

        node(env, memberPorts.get(0), members, "dev.enoki.demo.shop.OrdersService");
        node(env, memberPorts.get(1), members, "dev.enoki.demo.shop.PaymentsService",
                "dev.enoki.demo.shop.InventoryService");
        node(env, memberPorts.get(2), members, "dev.enoki.demo.shop.EmailsService");
        node(env, memberPorts.get(3), members, "--gateway", "127.0.0.1:" + gateway);

        await().atMost(CLUSTER_FORMS).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> listedServices(gateway), listed -> listed.containsAll(
                        Set.of("orders", "payments", "inventory", "emails")));

        HttpResponse<String> placed = post(gateway, "/orders",
                "{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        String orderId = new JsonObject(placed.body()).getString("id");
        assertThat(placed.headers().firstValue("Location")).contains("/orders/" + orderId);

        await().atMost(EMAILS_ARRIVE).pollInterval(Duration.ofMillis(200))
                .until(() -> sentSubjects(gateway), subjects -> subjects.containsAll(
                        List.of("Your order " + orderId, "Receipt for " + orderId)));
    }

    private void node(Map<String, String> env, int memberPort, String members, String... rest) {
        List<String> args = new ArrayList<>(List.of("run", "--config", System.getProperty("shop.node.config"),
                "--cluster", "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(memberPort),
                "--members", members, "--classpath", LauncherProcess.demoClasses()));
        args.addAll(List.of(rest));
        nodes.add(LauncherProcess.start(env, args.toArray(String[]::new)));
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
