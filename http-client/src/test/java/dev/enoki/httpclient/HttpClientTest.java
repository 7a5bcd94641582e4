package dev.enoki.httpclient;

import dev.enoki.Blocking;
import dev.enoki.Entrypoint;
import dev.enoki.ResultHandler;
import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerArguments;
import dev.enoki.WorkerContext;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import dev.enoki.testing.Futures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @HttpClient} against a real HTTP server: what each request carries, and how long it may take. */
class HttpClientTest {
    private final Vertx serverVertx = Vertx.vertx();
    private final AtomicInteger requests = new AtomicInteger();
    private ContainerFactory factory;
    private ServiceContainer container;

    @Service("rates")
    public static class RatesService {
        @HttpClient(value = "${rates_url}", timeout = "500ms")
        ExternalApi api;

        @Rpc
        public Map<String, Object> headers() {
            return Blocking.await(api.get("/headers").send()).bodyAsJsonObject().getMap();
        }

        @Rpc
        public String slow() {
            Blocking.await(api.get("/slow").send());
            return "answered";
        }

        @Rpc
        public Map<String, Object> headersLate() throws InterruptedException {
            Thread.sleep(600);
            return headers();
        }
    }

    @BeforeEach
    void start() {
        HttpServer server = Blocking.await(serverVertx.createHttpServer().requestHandler(request -> {
            requests.incrementAndGet();
            if (request.path().equals("/headers")) {
                JsonObject headers = new JsonObject();
                request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                request.response().putHeader("content-type", "application/json").end(headers.encode());
            }   // anything else is never answered
        }).listen(0, "127.0.0.1"));
        factory = new ContainerFactory(new JsonObject().put("rates_url", "http://127.0.0.1:" + server.actualPort()));
        container = factory.start(RatesService.class);
    }

    @AfterEach
    void close() {
        factory.close();
        Blocking.await(serverVertx.close());
    }

    @Test
    void requestCarriesTheWorkersCallIdStackForAnEnokiHttpEntrypointToContinue() {
        Map<?, ?> headers = (Map<?, ?>) EntrypointHook.callWithContext(container, "headers",
                Map.of(WorkerContext.CALL_ID_STACK, List.of("shop.checkout.1")));

        assertThat((String) headers.get("x-enoki-call-id")).startsWith("shop.checkout.1,rates.headers.");
    }

    @Test
    void requestLongerThanTheClientTimeoutFailsRatherThanHoldingTheWorker() {
        assertThatThrownBy(() -> EntrypointHook.call(container, "slow"))
                .hasMessageContaining("timeout period of 500ms");
    }

    @Test
    void requestAfterTheWorkersDeadlineIsNotSent() {
        Entrypoint late = container.entrypoints().stream()
                .filter(e -> e.method().getName().equals("headersLate")).findFirst().orElseThrow();
        Future<Object> call = container.spawnWorker(late, WorkerArguments.of(), Map.of(),
                System.currentTimeMillis() + 200, ResultHandler.plain());

        assertThatThrownBy(() -> Futures.await(call, Duration.ofSeconds(10))).isInstanceOf(RpcTimeout.class);
        assertThat(requests).hasValue(0);
    }
}
