package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.HttpProbe;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, a gateway request is a SERVER span under the caller's traceparent, and what it causes, an RPC
 * call or a request forwarded to an {@code @Http} route, is its child down to the service's own span.
 */
class GatewayTracingTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0")
            .put("tracing", true);
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN = "b7ad6b7169203331";

    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static Vertx vertx;
    private static HttpProbe web;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        WebGateway gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), CONFIG);
        Blocking.await(new ServiceContainer(GreetingService.class, CONFIG).start(vertx));
        // served by the node's own web server: the gateway forwards to it over HTTP
        Blocking.await(new ServiceContainer(OrdersWeb.class, CONFIG).start(vertx));
        Blocking.await(gateway.start(vertx));
        web = HttpProbe.local(gateway.port());
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
    }

    @Test
    void anRpcRequestIsAServerSpanWhoseCallAndTheServiceSpanAreItsChildren() {
        assertThat(web.post("/api/greeting_service/hello", "[\"Matt\"]", "traceparent",
                "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01").statusCode()).isEqualTo(200);

        SpanData request = span(SpanKind.SERVER, "POST /api/:service/:method", CALLER_TRACE);
        SpanData call = span(SpanKind.CLIENT, "greeting_service/hello", CALLER_TRACE);
        SpanData served = span(SpanKind.SERVER, "greeting_service/hello", CALLER_TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(call.getParentSpanId()).isEqualTo(request.getSpanId());
        assertThat(served.getParentSpanId()).isEqualTo(call.getSpanId());
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(request.getAttributes().get(AttributeKey.stringKey("enoki.call_id"))).startsWith("web_gateway.call.");
    }

    @Test
    void aFailedCallMarksTheRequestSpanWithItsStatus() {
        int status = web.post("/api/greeting_service/fail", "[\"no\"]").statusCode();
        assertThat(status).isGreaterThanOrEqualTo(500);

        SpanData call = span(SpanKind.CLIENT, "greeting_service/fail", null);
        SpanData request = spanWithId(call.getParentSpanId());
        assertThat(call.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("IllegalArgumentException");
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(request.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo((long) status);
    }

    @Test
    void aForwardedRequestCarriesTheRequestSpanToTheNodesHttpSpan() {
        assertThat(web.get("/orders/7").statusCode()).isEqualTo(200);

        SpanData request = spanOfCall("web_gateway.call.");
        SpanData node = spanOfCall("orders_web.get.");
        assertThat(request.getName()).isEqualTo("GET /orders/:id");
        assertThat(node.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(node.getTraceId()).isEqualTo(request.getTraceId());
        assertThat(node.getParentSpanId()).isEqualTo(request.getSpanId());
    }

    @Test
    void healthProbesAndMetricsAreNotTraced() {
        assertThat(web.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(web.get("/metrics").statusCode()).isEqualTo(200);
        assertThat(web.post("/api/greeting_service/hello", "[\"after\"]").statusCode()).isEqualTo(200);

        span(SpanKind.SERVER, "POST /api/:service/:method", null);   // the call after the probes is traced
        assertThat(otel.getSpans()).extracting(SpanData::getName)
                .noneMatch(name -> name.contains("health") || name.contains("metrics") || name.equals("GET"));
    }

    private static SpanData spanOfCall(String callIdPrefix) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> otel.getSpans().stream()
                .filter(s -> String.valueOf(s.getAttributes().get(AttributeKey.stringKey("enoki.call_id")))
                        .startsWith(callIdPrefix))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static SpanData span(SpanKind kind, String name, String traceId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> otel.getSpans().stream()
                .filter(s -> s.getKind() == kind && s.getName().equals(name))
                .filter(s -> traceId == null || s.getTraceId().equals(traceId))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static SpanData spanWithId(String spanId) {
        return await().atMost(Duration.ofSeconds(15)).until(() -> otel.getSpans().stream()
                .filter(s -> s.getSpanId().equals(spanId)).findFirst(), Optional::isPresent).orElseThrow();
    }
}
