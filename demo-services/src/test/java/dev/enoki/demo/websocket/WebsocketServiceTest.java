package dev.enoki.demo.websocket;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.HttpProbe;
import dev.enoki.testing.WebSocketProbe;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.NamekoInstall;
import dev.enoki.testsupport.NamekoProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nameko's websocket_rpc example: the Java port answers the frames the Python original answers, and the same frames
 * sent to real Nameko running {@code docs/examples/websocket_rpc.py} get answers of the same shape and values.
 */
class WebsocketServiceTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    /** Calls as a client of either sends them; the error ones compare by error type, as messages are each side's. */
    private static final List<String> FRAMES = List.of(
            "{\"method\": \"echo\", \"data\": {\"value\": \"hellø\"}, \"correlation_id\": 1}",
            "{\"method\": \"echo\", \"data\": {\"value\": {\"a\": [1, 2.5, null, true]}}, \"correlation_id\": \"two\"}",
            "{\"method\": \"echo\", \"data\": {\"value\": null}}",
            "{\"method\": \"nope\", \"data\": {}, \"correlation_id\": 3}",
            "{\"method\": \"echo\", \"data\": {\"wrong\": 1}, \"correlation_id\": 4}",
            "{\"method\": \"echo\", \"correlation_id\": 5}",
            "not json",
            "{\"data\": {\"value\": 1}, \"correlation_id\": 6}");

    @TempDir
    static Path dir;
    private static ContainerFactory factory;
    private static int port;

    @BeforeAll
    static void start() {
        factory = new ContainerFactory(CONFIG);
        factory.start(WebsocketService.class);
        port = HttpProbe.nodePort(factory.vertx(), CONFIG);
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void echoAnswersTheValueWithTheCallsCorrelationId() {
        try (WebSocketProbe ws = WebSocketProbe.connect(factory.vertx(), port)) {
            assertThat(ws.call("echo", new JsonObject().put("value", "hellø"), 1)).isEqualTo(new JsonObject()
                    .put("type", "result").put("success", true).put("data", "hellø").put("correlation_id", 1));
        }
    }

    @Test
    void realNamekoAnswersTheSameFramesTheSameWay() throws IOException {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        int namekoPort = FreePorts.next();
        String example = Files.readString(NamekoInstall.find().docs().resolve("examples/websocket_rpc.py"));
        try (NamekoProcess nameko = NamekoProcess.runWithConfig(dir, "websocket_rpc", example,
                "AMQP_URI: amqp://guest:guest@127.0.0.1:5672/\nWEB_SERVER_ADDRESS: 127.0.0.1:" + namekoPort + "\n")) {
            AtomicReference<WebSocketProbe> python = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
                python.set(WebSocketProbe.connect(factory.vertx(), namekoPort));
                return true;
            });
            try (WebSocketProbe py = python.get(); WebSocketProbe java = WebSocketProbe.connect(factory.vertx(), port)) {
                assertThat(java.socketId()).hasSameSizeAs(py.socketId());
                for (String frame : FRAMES) {
                    py.send(frame);
                    java.send(frame);
                    JsonObject expected = py.nextResult();
                    JsonObject actual = java.nextResult();
                    assertThat(List.copyOf(actual.fieldNames())).as(frame)
                            .isEqualTo(List.copyOf(expected.fieldNames()));
                    assertThat(actual.getValue("correlation_id")).as(frame)
                            .isEqualTo(expected.getValue("correlation_id"));
                    assertThat(actual.getBoolean("success")).as(frame).isEqualTo(expected.getBoolean("success"));
                    if (expected.getBoolean("success")) {
                        assertThat(actual.getValue("data")).as(frame).isEqualTo(expected.getValue("data"));
                    } else {
                        JsonObject error = actual.getJsonObject("error");
                        JsonObject namekoError = expected.getJsonObject("error");
                        assertThat(List.copyOf(error.fieldNames())).as(frame)
                                .isEqualTo(List.copyOf(namekoError.fieldNames()));
                        assertThat(error.getString("exc_type")).as(frame).isEqualTo(namekoError.getString("exc_type"));
                        assertThat(error.getString("exc_path")).as(frame).isEqualTo(namekoError.getString("exc_path"));
                    }
                }
            }
        }
    }
}
