package dev.enoki.http;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.testing.HttpProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HttpEntrypointTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0")
            .put("WEB_SERVER_BODY_LIMIT", 4096);
    private static final ConcurrentLinkedQueue<WorkerContext> workers = new ConcurrentLinkedQueue<>();

    private static Vertx vertx;
    private static ServiceContainer shop;
    private static ServiceContainer slow;
    private static HttpProbe web;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        shop = new ServiceContainer(HttpShop.class, CONFIG);
        shop.addWorkerListener(new WorkerListener() {
            @Override
            public void workerStarted(WorkerContext worker) {
                workers.add(worker);
            }
        });
        slow = new ServiceContainer(SlowService.class, CONFIG.copy().put("max_workers", 1).put("worker_queue_size", 0));
        Blocking.await(shop.start(vertx));
        Blocking.await(slow.start(vertx));
        web = HttpProbe.local(HttpProbe.nodePort(vertx, CONFIG));
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
    }

    @Test
    void stringReturnIsPlainText() {
        HttpResponse<String> r = web.get("/text");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("hello");
    }

    @Test
    void recordReturnIsJsonAndPathVariableBindsByName() {
        HttpResponse<String> r = web.get("/orders/42");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("id", 42).put("item", "tea"));
    }

    @Test
    void statusHeadersAndBodyReturnIsWrittenAsGiven() {
        HttpResponse<String> r = web.post("/orders", "{\"id\": 7, \"item\": \"cake\"}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/orders/7");
        assertThat(new JsonObject(r.body()).getString("item")).isEqualTo("cake");
    }

    @Test
    void statusAndBodyReturnIsWrittenAsGiven() {
        HttpResponse<String> r = web.get("/forbidden");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("not yours");
    }

    @Test
    void fullResponseKeepsItsContentTypeAndSeesTheWholeRequest() {
        HttpResponse<String> r = web.post("/echo?q=tea", "some text");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
        assertThat(r.body()).isEqualTo("POST,tea,some text");
    }

    @Test
    void bodyBindsAsBytesAndAsText() {
        HttpResponse<byte[]> bytes = web.sendBytes("PUT", "/reverse", new byte[]{1, 2, 3});
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat(bytes.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(bytes.body()).containsExactly(3, 2, 1);
        assertThat(web.post("/shout", "psst").body()).isEqualTo("PSST");
    }

    @Test
    void queryParametersBindByNameAndOptionalOnesMayBeMissing() {
        assertThat(new JsonArray(web.get("/search?q=x&limit=3").body())).containsExactly("x0", "x1", "x2");
        assertThat(new JsonArray(web.get("/search?q=y").body())).containsExactly("y0", "y1");
        HttpResponse<String> missing = web.get("/search");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(missing.body()).getString("value")).contains("'q'");
    }

    @Test
    void voidReturnIsNoContent() {
        assertThat(web.send("DELETE", "/orders/3", (String) null).statusCode()).isEqualTo(204);
    }

    @Test
    void expectedExceptionIsBadRequest() {
        HttpResponse<String> r = web.get("/orders/0");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("exc_type")).isEqualTo("OutOfStock");
        assertThat(error.getString("value")).isEqualTo("order 0 is out of stock");
    }

    @Test
    void badRequestAndUnconvertibleValuesAndMalformedJsonAreBadRequest() {
        assertThat(web.get("/bad").statusCode()).isEqualTo(400);
        HttpResponse<String> notANumber = web.get("/orders/abc");
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(notANumber.body()).getString("value")).contains("'id' must be long");
        HttpResponse<String> malformed = web.post("/orders", "{not json");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(malformed.body()).getString("exc_type")).isEqualTo("MalformedRequest");
    }

    @Test
    void otherExceptionIsServerErrorWithTypeAndMessageButNoStackTrace() {
        HttpResponse<String> r = web.get("/boom");
        assertThat(r.statusCode()).isEqualTo(500);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("exc_type")).isEqualTo("IllegalStateException");
        assertThat(error.getString("value")).isEqualTo("kaput");
        assertThat(r.body()).doesNotContain("at dev.enoki").doesNotContain("HttpShop.java");
    }

    @Test
    void unknownRouteIsNotFound() {
        HttpResponse<String> r = web.get("/nowhere");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("exc_type")).isEqualTo("NotFound");
    }

    @Test
    void wrongMethodIsMethodNotAllowedWithAllow() {
        HttpResponse<String> r = web.send("PATCH", "/orders/1", "{}");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).hasValue("DELETE, GET");
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLarge() {
        HttpResponse<String> r = web.post("/shout", "x".repeat(5000));
        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void headersBecomeContextDataAndTheResponseCarriesTheCallId() {
        workers.clear();
        HttpResponse<String> r = web.get("/whoami", "Authorization", "Bearer abc", "Accept-Language", "fr-FR",
                "User-Agent", "probe/1.0", HttpContextData.CALL_ID_HEADER, "gateway.call.1");
        assertThat(r.statusCode()).isEqualTo(200);
        WorkerContext worker = workers.stream().filter(w -> w.methodName().equals("whoami")).findFirst().orElseThrow();
        assertThat(worker.authToken()).isEqualTo("Bearer abc");
        assertThat(worker.language()).isEqualTo("fr-FR");
        assertThat(worker.userAgent()).isEqualTo("probe/1.0");
        assertThat(worker.callIdStack()).hasSize(2).startsWith("gateway.call.1");
        assertThat(r.headers().firstValue(HttpContextData.CALL_ID_HEADER)).hasValue(worker.callId());
    }

    @Test
    void fullContainerAnswersServiceUnavailable() throws Exception {
        SlowService.release = new CountDownLatch(1);
        Thread first = new Thread(() -> web.get("/slow"));
        first.start();
        try {
            await().until(() -> web.get("/slow").statusCode() == 503);
            HttpResponse<String> busy = web.get("/slow");
            assertThat(new JsonObject(busy.body()).getString("exc_type")).isEqualTo("ServiceBusy");
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        } finally {
            SlowService.release.countDown();
            first.join();
        }
        assertThat(web.get("/slow").body()).isEqualTo("done");
    }

    @Test
    void routesArePublishedInTheServiceRecord() {
        ServiceRecord record = shop.record();
        List<HttpRoute> routes = record.extra().getJsonArray("routes").stream()
                .map(o -> HttpRoute.fromJson((JsonObject) o)).toList();
        HttpRoute order = routes.stream().filter(r -> r.function().equals("order")).findFirst().orElseThrow();
        assertThat(order.methods()).containsExactly("GET");
        assertThat(order.path()).isEqualTo("/orders/:id");
        assertThat(order.params()).containsExactly(new HttpRoute.Param("id", "long", "path"));
        assertThat(order.address()).isEqualTo("127.0.0.1:" + HttpProbe.nodePort(vertx, CONFIG));
        assertThat(routes).extracting(HttpRoute::function).contains("text", "create", "echo", "search");
        assertThat(PathPattern.of(order.path()).match("/orders/9")).isEqualTo(Map.of("id", "9"));
    }

    @Test
    void theNodeServerIsSharedAndClosesWithItsLastContainer() {
        Vertx node = Vertx.vertx();
        try {
            ServiceContainer a = new ServiceContainer(HttpShop.class, CONFIG);
            ServiceContainer b = new ServiceContainer(SlowService.class, CONFIG);
            Blocking.await(a.start(node));
            Blocking.await(b.start(node));
            int port = HttpProbe.nodePort(node, CONFIG);
            HttpProbe probe = HttpProbe.local(port);
            assertThat(probe.get("/slow").statusCode()).isEqualTo(200);
            Blocking.await(b.stop());
            assertThat(probe.get("/slow").statusCode()).isEqualTo(404);
            assertThat(probe.get("/text").body()).isEqualTo("hello");
            Blocking.await(a.stop());
            assertThat(HttpProbe.nodePort(node, CONFIG)).isEqualTo(-1);
            // Vert.x unbinds the port just after the server's shutdown completes: a connect right after the stop
            // still got in after 4 stops of 1,000, for 3-7 ms each.
            await().atMost(Duration.ofSeconds(10)).until(() -> !canConnect(port));
        } finally {
            Blocking.await(node.close());
        }
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
