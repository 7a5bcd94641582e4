package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console's node view in a real browser: the node's record names its management server, and the console shows
 * what that server answers, its readiness, its busiest methods and its callers' circuit breakers, as it changes. The
 * management server here answers as a node's does (the launcher's own is tested against a node JVM); it can be told
 * to answer 503.
 */
class ConsoleNodesTest {
    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static Vertx vertx;
    private static WebGateway gateway;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        HttpServer management = Blocking.await(vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/health/ready")) {
                JsonObject stopping = new JsonObject().put("id", "stopping").put("status", STOPPING.get() ? "DOWN" : "UP");
                if (STOPPING.get()) {
                    stopping.put("data", new JsonObject().put("reason", "the node is stopping"));
                }
                request.response().setStatusCode(STOPPING.get() ? 503 : 200).end(new JsonObject()
                        .put("status", STOPPING.get() ? "DOWN" : "UP").put("checks", new JsonArray().add(stopping)).encode());
            } else if (request.path().equals("/metrics/busiest")) {
                request.response().end(new JsonArray().add(new JsonObject().put("service", "greeting_service")
                        .put("method", "hello").put("calls", 42).put("errors", 1).put("mean_seconds", 0.0125)).encode());
            } else if (request.path().equals("/metrics/breakers")) {
                request.response().end(new JsonArray().add(new JsonObject().put("service", "greeting_service")
                        .put("target", "payments").put("state", "open")).encode());
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1"));
        Blocking.await(new ServiceContainer(GreetingService.class, new JsonObject()
                .put("management_address", "0.0.0.0:" + management.actualPort())).start(vertx));
        gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), new JsonObject());
        Blocking.await(gateway.start(vertx));
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
    }

    @Test
    void consoleShowsEachNodesHealthBusiestMethodsAndBreakersAndANodeThatStopsAsNotReady() throws Exception {
        String health = "document.querySelector('tr.node td.health')";
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.navigate("http://127.0.0.1:" + gateway.port() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(chromium.evaluate(
                    "document.querySelector('tr.node') !== null")));

            assertThat((String) chromium.evaluate(health + ".textContent")).isEqualTo("ready");
            assertThat((String) chromium.evaluate(health + ".className")).contains("ok");
            assertThat((String) chromium.evaluate("document.querySelector('tr.node').textContent"))
                    .contains("greeting_service");
            assertThat((String) chromium.evaluate("document.querySelector('tr.node td.busiest').textContent"))
                    .isEqualTo("greeting_service.hello  42 calls, 1 errors, 12.5 ms mean");
            String breakers = "document.querySelector('tr.node td.breakers')";
            assertThat((String) chromium.evaluate(breakers + ".textContent"))
                    .isEqualTo("greeting_service \u2192 payments  open");
            assertThat((String) chromium.evaluate(breakers + ".className")).contains("error");
            chromium.screenshot(Path.of("target", "console-nodes-screenshot.png"));

            STOPPING.set(true);

            await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(chromium.evaluate(health + ".textContent"))
                    .equals("not ready (stopping: the node is stopping)"));
            assertThat((String) chromium.evaluate(health + ".className")).contains("error");
            assertThat(Files.size(Path.of("target", "console-nodes-screenshot.png"))).isPositive();
        }
    }
}
