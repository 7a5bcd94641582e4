package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.testsupport.ChildJvm;
import dev.enoki.testsupport.NamekoProcess;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node running only the gateway on RabbitMQ lists what runs on the broker: an Enoki service in another JVM, with
 * its methods, and a real Nameko service (found through the management API), in /api/services, OpenAPI and the
 * console.
 */
class GatewayOnRabbitTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static RabbitVhost vhost;
    private static NamekoProcess nameko;
    private static ChildJvm enokiNode;
    private static Vertx vertx;
    private static WebGateway gateway;
    private static Path pythonDir;

    @BeforeAll
    static void start() throws Exception {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        vhost = RabbitVhost.create("enoki-gateway-");
        pythonDir = Files.createTempDirectory("enoki-nameko-");
        nameko = NamekoProcess.echo(pythonDir, vhost.uri());
        enokiNode = ChildJvm.java("greeting-node").args("-cp", System.getProperty("java.class.path"),
                AmqpServiceNode.class.getName(), vhost.uri()).start();
        enokiNode.awaitLine("the node ready", "ready"::equals, Duration.ofSeconds(60));
        nameko.awaitLine("Nameko started", line -> line.startsWith("starting services"), Duration.ofSeconds(60));
        vertx = Vertx.vertx();
        gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0),
                new JsonObject().put("AMQP_URI", vhost.uri()));
        Blocking.await(gateway.start(vertx));
    }

    @AfterAll
    static void stop() throws Exception {
        if (vertx != null) {
            Blocking.await(vertx.close());
        }
        if (enokiNode != null) {
            enokiNode.close();
        }
        if (nameko != null) {
            nameko.close();
        }
        if (vhost != null) {
            vhost.close();
        }
        if (pythonDir != null) {
            try (var files = Files.walk(pythonDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonObject service(String name) throws Exception {
        for (Object s : new JsonObject(get("/api/services")).getJsonArray("services")) {
            if (((JsonObject) s).getString("name").equals(name)) {
                return (JsonObject) s;
            }
        }
        return null;
    }

    @Test
    void apiServicesAndOpenApiListTheEnokiServiceOfAnotherJvmAndTheRunningNamekoService() throws Exception {
        awaitBothListed();

        JsonObject greeting = service("greeting_service");
        assertThat(greeting.getJsonArray("methods").stream().map(m -> ((JsonObject) m).getString("name")))
                .contains("hello", "greet");
        JsonObject pyEcho = service("py_echo");
        JsonArray instances = pyEcho.getJsonArray("instances");
        assertThat(instances.getJsonObject(0).getString("nodeId")).isEqualTo("rabbitmq");
        assertThat(new JsonObject(get("/openapi.json")).getJsonObject("paths").fieldNames())
                .contains("/api/greeting_service/hello");

        HttpResponse<String> echoed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port()
                        + "/api/py_echo/echo")).POST(HttpRequest.BodyPublishers.ofString("{\"value\": \"through\"}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(echoed.statusCode()).as(echoed.body()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo("\"through\"");
    }

    @Test
    void theConsoleListsBoth() throws Exception {
        awaitBothListed();   // the console reads /api/services once per load
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.navigate("http://127.0.0.1:" + gateway.port() + "/");
            for (String name : List.of("greeting_service", "py_echo")) {
                await(name + " in the console").atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(
                        chromium.evaluate("document.querySelector('tr.service[data-service=\"" + name + "\"]') !== null")));
            }
            assertThat((String) chromium.evaluate("document.getElementById('services').textContent"))
                    .contains("hello(name: java.lang.String)");
        }
    }

    private static void awaitBothListed() {
        await("both services listed").atMost(Duration.ofSeconds(30))
                .until(() -> service("greeting_service") != null && service("py_echo") != null);
    }
}
