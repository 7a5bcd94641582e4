package dev.enoki.launcher;

import dev.enoki.testsupport.FreePorts;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node with tracing on exports its spans with the SDK's standard settings, over OTLP/HTTP unless told otherwise, to
 * a collector this test plays; and what is still buffered when SIGTERM comes is exported before the node exits.
 */
class NodeSpanExportIT {
    private final HttpClient http = HttpClient.newHttpClient();
    /** What the collector was sent: each request's content type and body. */
    private final List<Map.Entry<String, byte[]>> exports = new CopyOnWriteArrayList<>();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws IOException {
        collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                exports.add(Map.entry(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
                        body.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
    }

    @AfterEach
    void stopCollector() {
        collector.stop(0);
    }

    @Test
    void aTracedNodeExportsItsSpansOverOtlpByDefault() throws Exception {
        int gateway = FreePorts.next();
        try (LauncherProcess node = LauncherProcess.start(env(Map.of("OTEL_BSP_SCHEDULE_DELAY", "100")), "run",
                "--gateway", "127.0.0.1:" + gateway, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(hello(gateway).body()).isEqualTo("\"Hello, Matt!\"");

            await("spans at the collector").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> exported().contains("greeting_service/hello")
                            && exported().contains("POST /api/:service/:method"));
            assertThat(exports.get(0).getKey()).isEqualTo("application/x-protobuf");
            // The node's service is the service name the spans are under
            assertThat(exported()).contains("service.name").contains("greeting_service");
        }
    }

    @Test
    void spansStillBufferedAtSigtermAreExportedBeforeTheNodeExits() throws Exception {
        int gateway = FreePorts.next();
        // An export every ten minutes: only the one at the stop can send this call's spans in time
        try (LauncherProcess node = LauncherProcess.start(env(Map.of("OTEL_BSP_SCHEDULE_DELAY", "600000")), "run",
                "--gateway", "127.0.0.1:" + gateway, "--classpath", LauncherProcess.classpath(),
                "dev.enoki.demo.helloworld")) {
            node.awaitOutput(line -> line.startsWith("enoki: ready"));
            assertThat(hello(gateway).statusCode()).isEqualTo(200);
            assertThat(exports).isEmpty();

            node.terminate();
            assertThat(node.exitCode()).isEqualTo(ExitCodes.OK);
            assertThat(exported()).contains("greeting_service/hello");
        }
    }

    private Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("ENOKI_TRACING", "true");
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort());
        return env;
    }

    private HttpResponse<String> hello(int gateway) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway
                        + "/api/greeting_service/hello")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"Matt\"]")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every body sent so far, as text: protobuf keeps strings (names, attributes) as they are. */
    private String exported() {
        StringBuilder all = new StringBuilder();
        exports.forEach(export -> all.append(new String(export.getValue(), StandardCharsets.ISO_8859_1)));
        return all.toString();
    }
}
