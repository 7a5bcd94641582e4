package dev.enoki.internal.tracing;

import dev.enoki.Http;
import dev.enoki.Service;
import dev.enoki.Timer;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.HttpProbe;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;

import static dev.enoki.internal.tracing.TraceAssertions.span;
import static org.assertj.core.api.Assertions.assertThat;

/** The spans of the entrypoints that are not calls: a timer's tick and an {@code @Http} request. */
class EntrypointSpansTest {
    @RegisterExtension
    static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private ContainerFactory factory;

    @Service("traced_clock")
    public static class Clock {
        @Timer(every = "50ms")
        public void tick() {
        }
    }

    @Service("traced_web")
    public static class Web {
        @Http(method = "GET,POST", path = "/teas/:name")
        public String tea(String name) {
            if (name.equals("none")) {
                throw new IllegalStateException("no such tea");
            }
            return name;
        }
    }

    @BeforeEach
    void startFactory() {
        factory = new ContainerFactory(new JsonObject().put("tracing", true).put("WEB_SERVER_ADDRESS", "127.0.0.1:0"));
    }

    @AfterEach
    void closeFactory() {
        factory.close();
    }

    @Test
    void eachTimerTickIsAnInternalSpanThatStartsATrace() {
        factory.start(Clock.class);
        SpanData tick = span(otel, SpanKind.INTERNAL, "timer traced_clock.tick");
        assertThat(tick.getParentSpanContext().isValid()).isFalse();
        assertThat(tick.getAttributes().get(Tracing.CALL_ID)).startsWith("traced_clock.tick.");
    }

    @Test
    void anHttpRequestIsAServerSpanUnderTheCallersTraceparentNamedByMethodAndRoute() {
        factory.start(Web.class);
        HttpProbe web = HttpProbe.node(factory.vertx(), new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0"));
        HttpResponse<String> response = web.get("/teas/sencha", "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");
        assertThat(response.statusCode()).isEqualTo(200);

        SpanData request = span(otel, SpanKind.SERVER, "GET /teas/:name");
        assertThat(request.getTraceId()).isEqualTo(CALLER_TRACE);
        assertThat(request.getParentSpanId()).isEqualTo(CALLER_SPAN);
        assertThat(request.getAttributes().get(Tracing.HTTP_METHOD)).isEqualTo("GET");
        assertThat(request.getAttributes().get(Tracing.HTTP_ROUTE)).isEqualTo("/teas/:name");
        assertThat(request.getAttributes().get(Tracing.URL_PATH)).isEqualTo("/teas/sencha");
        assertThat(request.getAttributes().get(Tracing.HTTP_STATUS)).isEqualTo(200L);
        assertThat(request.getAttributes().get(Tracing.CALL_ID))
                .isEqualTo(response.headers().firstValue("X-Enoki-Call-Id").orElseThrow());
    }

    @Test
    void aFailedHttpRequestCarriesItsStatusAndErrorType() {
        factory.start(Web.class);
        HttpProbe web = HttpProbe.node(factory.vertx(), new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0"));
        assertThat(web.post("/teas/none", "").statusCode()).isEqualTo(500);

        SpanData request = span(otel, SpanKind.SERVER, "POST /teas/:name");
        assertThat(request.getParentSpanContext().isValid()).isFalse();
        assertThat(request.getAttributes().get(Tracing.HTTP_STATUS)).isEqualTo(500L);
        assertThat(request.getAttributes().get(Tracing.ERROR_TYPE)).isEqualTo("IllegalStateException");
        assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
}
