package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import dev.enoki.http.HttpContextData;
import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.testing.HttpProbe;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class WebGatewayTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    private static final JsonObject JWT = new JsonObject().put("pubSecKeys", new JsonArray()
            .add(new JsonObject().put("algorithm", "HS256").put("buffer", "dGhpcyBpcyBhIHRlc3Qgc2VjcmV0IHRoYXQgaXMgbG9uZyBlbm91Z2g")));

    private static Vertx vertx;
    private static Vertx remoteNode;
    private static Vertx registryHost;
    private static WebGateway gateway;
    private static HttpProbe web;
    private static final List<WebGateway> others = new ArrayList<>();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        remoteNode = Vertx.vertx();
        registryHost = Vertx.vertx();
        gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0)
                .setTimeout("greeting_service.sleep", Duration.ofMillis(300)), CONFIG);
        Blocking.await(new ServiceContainer(GreetingService.class, CONFIG).start(vertx));
        Blocking.await(new ServiceContainer(HoldService.class, CONFIG.copy().put("max_workers", 1)
                .put("worker_queue_size", 0)).start(vertx));
        Blocking.await(new ServiceContainer(OrdersWeb.class, CONFIG).start(remoteNode));
        Blocking.await(gateway.start(vertx));
        web = HttpProbe.local(gateway.port());
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
        Blocking.await(remoteNode.close());
        Blocking.await(registryHost.close());
    }

    private static HttpProbe gatewayWith(Consumer<GatewayOptions> settings, Consumer<WebGateway> setup) {
        GatewayOptions options = new GatewayOptions().setHost("127.0.0.1").setPort(0);
        settings.accept(options);
        WebGateway other = new WebGateway(options, CONFIG);
        setup.accept(other);
        Blocking.await(other.start(vertx));
        others.add(other);
        return HttpProbe.local(other.port());
    }

    @Test
    void arrayObjectAndExplicitBodiesCallTheMethod() {
        HttpResponse<String> positional = web.post("/api/greeting_service/hello", "[\"Matt\"]");
        assertThat(positional.statusCode()).isEqualTo(200);
        assertThat(positional.body()).isEqualTo("\"Hello, Matt!\"");
        assertThat(web.post("/api/greeting_service/hello", "{\"name\": \"Ann\"}").body()).isEqualTo("\"Hello, Ann!\"");
        HttpResponse<String> explicit = web.post("/api/greeting_service/greet",
                "{\"args\": [\"Bo\"], \"kwargs\": {\"greeting\": \"Hi\", \"friends\": [\"x\", \"y\"]}}");
        assertThat(new JsonObject(explicit.body())).isEqualTo(new JsonObject().put("text", "Hi, Bo").put("friends", 2));
    }

    @Test
    void everyResponseCarriesTheCallId() {
        assertThat(web.post("/api/greeting_service/hello", "[\"x\"]").headers()
                .firstValue(HttpContextData.CALL_ID_HEADER)).hasValueSatisfying(id -> assertThat(id).startsWith("web_gateway.call."));
        assertThat(web.post("/api/nobody/hello", "[]").headers().firstValue(HttpContextData.CALL_ID_HEADER)).isPresent();
        assertThat(web.get("/api/services").headers().firstValue(HttpContextData.CALL_ID_HEADER)).isPresent();
    }

    @Test
    void unknownServiceOrMethodIsNotFound() {
        HttpResponse<String> service = web.post("/api/nobody/hello", "[]");
        assertThat(service.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(service.body()).getString("exc_type")).isEqualTo("UnknownService");
        HttpResponse<String> method = web.post("/api/greeting_service/nothing", "[]");
        assertThat(method.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(method.body()).getString("exc_type")).isEqualTo("MethodNotFound");
    }

    @Test
    void wrongArgumentsOrBadJsonAreBadRequest() {
        HttpResponse<String> signature = web.post("/api/greeting_service/hello", "[1, 2, 3]");
        assertThat(signature.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(signature.body()).getString("exc_type")).isEqualTo("IncorrectSignature");
        assertThat(web.post("/api/greeting_service/hello", "[\"unclosed").statusCode()).isEqualTo(400);
        String deep = "[".repeat(40) + "]".repeat(40);
        HttpResponse<String> tooDeep = web.post("/api/greeting_service/hello", deep);
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(tooDeep.body()).getString("value")).contains("deeper than 32");
    }

    @Test
    void remoteExceptionIsServerErrorWithNamekosErrorDict() {
        HttpResponse<String> r = web.post("/api/greeting_service/fail", "[\"no reason\"]");
        assertThat(r.statusCode()).isEqualTo(500);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("exc_type")).isEqualTo("IllegalArgumentException");
        assertThat(error.getString("exc_path")).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(error.getJsonArray("exc_args")).containsExactly("no reason");
        assertThat(error.getString("value")).isEqualTo("no reason");
    }

    @Test
    void passedDeadlineIsGatewayTimeout() {
        HttpResponse<String> r = web.post("/api/greeting_service/sleep", "[1500]");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(new JsonObject(r.body()).getString("exc_type")).isEqualTo("RpcTimeout");
        assertThat(web.post("/api/greeting_service/sleep", "[1]").statusCode()).isEqualTo(200);
    }

    @Test
    void fullServiceIsServiceUnavailable() throws Exception {
        HoldService.gate = new CountDownLatch(1);
        Thread holder = new Thread(() -> web.post("/api/hold_service/hold", "[]"));
        holder.start();
        try {
            await().until(() -> web.post("/api/hold_service/hold", "[]").statusCode() == 503);
            HttpResponse<String> busy = web.post("/api/hold_service/hold", "[]");
            assertThat(new JsonObject(busy.body()).getString("exc_type")).isEqualTo("ServiceBusy");
            assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        } finally {
            HoldService.gate.countDown();
            holder.join();
        }
    }

    @Test
    void fullBulkheadIsServiceUnavailable() throws Exception {
        HttpProbe bulkhead = gatewayWith(o -> o.setMaxInFlightPerService(1), g -> { });
        HoldService.gate = new CountDownLatch(1);
        Thread holder = new Thread(() -> bulkhead.post("/api/hold_service/hold", "[]"));
        holder.start();
        try {
            await().until(() -> bulkhead.post("/api/hold_service/hold", "[]").statusCode() == 503);
            HttpResponse<String> busy = bulkhead.post("/api/hold_service/hold", "[]");
            assertThat(new JsonObject(busy.body()).getString("value")).contains("already in flight");
        } finally {
            HoldService.gate.countDown();
            holder.join();
        }
    }

    @Test
    void serversOnSeveralEventLoopsShareOnePortAndOneBulkheadAndStopTogether() throws Exception {
        int deploymentsBefore = vertx.deploymentIDs().size();
        WebGateway wide = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0).setInstances(3)
                .setMaxInFlightPerService(1), CONFIG);
        Blocking.await(wide.start(vertx));
        int port = wide.port();
        assertThat(vertx.deploymentIDs()).as("the gateway and its servers' deployment").hasSize(deploymentsBefore + 2);
        HoldService.gate = new CountDownLatch(1);
        Thread holder = new Thread(() -> HttpProbe.local(port).post("/api/hold_service/hold", "[]"));
        holder.start();
        try {
            await().until(() -> HttpProbe.local(port).post("/api/hold_service/hold", "[]").statusCode() == 503);
            // A probe of its own is a connection of its own, and the servers take new connections in turn.
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> busy = HttpProbe.local(port).post("/api/hold_service/hold", "[]");
                assertThat(new JsonObject(busy.body()).getString("value")).contains("already in flight");
            }
        } finally {
            HoldService.gate.countDown();
            holder.join();
        }
        Blocking.await(wide.stop());
        assertThat(vertx.deploymentIDs()).hasSize(deploymentsBefore);
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLarge() {
        HttpProbe small = gatewayWith(o -> o.setBodyLimit(1024), g -> { });
        HttpResponse<String> r = small.post("/api/greeting_service/hello", "[\"" + "x".repeat(2000) + "\"]");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(small.post("/api/greeting_service/hello", "[\"short\"]").statusCode()).isEqualTo(200);
    }

    @Test
    void clientOverItsRateIsTooManyRequestsWithRetryAfter() {
        HttpProbe limited = gatewayWith(o -> o.setRateLimit(0.5, 2), g -> { });
        assertThat(limited.post("/api/greeting_service/hello", "[\"a\"]").statusCode()).isEqualTo(200);
        assertThat(limited.post("/api/greeting_service/hello", "[\"b\"]").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = limited.post("/api/greeting_service/hello", "[\"c\"]");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 2));
    }

    @Test
    void missingOrBadBearerTokenIsUnauthorizedAndAGoodJwtPasses() {
        HttpProbe guarded = gatewayWith(o -> o.setJwt(JWT), g -> { });
        HttpResponse<String> none = guarded.post("/api/greeting_service/hello", "[\"a\"]");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(guarded.post("/api/nobody/x", "[]", "Authorization", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
        String token = JWTAuth.create(vertx, new JWTAuthOptions(JWT))
                .generateToken(new JsonObject().put("sub", "alice"), new JWTOptions());
        HttpResponse<String> ok = guarded.post("/api/greeting_service/hello", "[\"a\"]", "Authorization", "Bearer " + token);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(guarded.get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void corsPreflightIsAnsweredForAllowedOrigins() {
        HttpProbe open = gatewayWith(o -> o.setCorsOrigins(List.of("https://shop.example")), g -> { });
        HttpResponse<String> preflight = open.send("OPTIONS", "/api/greeting_service/hello", (String) null,
                "Origin", "https://shop.example", "Access-Control-Request-Method", "POST");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example");
        HttpResponse<String> other = open.post("/api/greeting_service/hello", "[\"a\"]", "Origin", "https://evil.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void servicesListTheRegistryWithMethodsAndParameters() {
        JsonObject all = new JsonObject(web.get("/api/services").body());
        JsonObject greeting = all.getJsonArray("services").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("name").equals("greeting_service")).findFirst().orElseThrow();
        assertThat(greeting.getJsonArray("instances")).hasSize(1);
        JsonObject hello = greeting.getJsonArray("methods").stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("name").equals("hello")).findFirst().orElseThrow();
        assertThat(hello.getJsonArray("parameters").getJsonObject(0))
                .isEqualTo(new JsonObject().put("name", "name").put("type", "java.lang.String"));
    }

    @Test
    void openApiDocumentValidates() {
        HttpProbe withRoutes = gatewayWith(o -> { }, g -> g.withRegistry(mergedRegistry()));
        String document = withRoutes.get("/openapi.json").body();
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/greeting_service/hello", "/orders/{id}", "/orders");
        assertThat(parsed.getOpenAPI().getPaths().get("/orders/{id}").getGet().getParameters().get(0).getIn()).isEqualTo("path");
    }

    @Test
    void healthAnswersLiveAndReady() {
        assertThat(web.get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = web.get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("UP");
        assertThat(new JsonObject(ready.body()).getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
                .contains("transport", "registry");
    }

    @Test
    void metricsCountCallsLatencyErrorsAndWorkers() {
        web.post("/api/greeting_service/hello", "[\"m\"]");
        web.post("/api/greeting_service/fail", "[\"m\"]");
        String metrics = web.get("/metrics").body();
        assertThat(metrics).contains("enoki_gateway_calls_seconds_bucket{method=\"hello\",service=\"greeting_service\",status=\"200\"");
        assertThat(metrics).contains("enoki_gateway_errors_total{error=\"IllegalArgumentException\",method=\"fail\",service=\"greeting_service\"}");
        assertThat(metrics).contains("rpc_server_call_duration_seconds_count{error_type=\"IllegalArgumentException\","
                + "rpc_method=\"fail\",rpc_service=\"greeting_service\",rpc_system=\"nameko\"}");
        assertThat(metrics).contains("enoki_workers_busy{service=\"greeting_service\"}");
        assertThat(metrics).contains("enoki_gateway_in_flight{service=\"greeting_service\"}");
    }

    @Test
    void httpRoutesOfAnotherNodeAreForwardedToALiveInstance() {
        LocalRegistry remote = LocalRegistry.of(remoteNode);
        ServiceRecord live = Blocking.await(remote.instances("orders_web")).get(0);
        JsonObject deadRoutes = live.extra().copy();
        deadRoutes.getJsonArray("routes").forEach(r -> ((JsonObject) r).put("address", "127.0.0.1:" + deadPort()));
        ServiceRecord dead = new ServiceRecord("orders_web", "dead-instance", "dead-node", "eventbus", 0L, List.of(),
                List.of(), deadRoutes);
        Blocking.await(remote.publish(dead));
        try {
            HttpProbe forwarding = gatewayWith(o -> { }, g -> g.withRegistry(remote));
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = forwarding.get("/orders/" + i);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(new JsonObject(r.body()).getLong("id")).isEqualTo((long) i);
            }
            HttpResponse<String> created = forwarding.post("/orders", "{\"id\": 9, \"item\": \"jam\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(created.headers().firstValue("Location")).hasValue("/orders/9");
            HttpResponse<String> wrong = forwarding.send("DELETE", "/orders/1", (String) null);
            assertThat(wrong.statusCode()).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).hasValue("GET");
            assertThat(forwarding.get("/nowhere").statusCode()).isEqualTo(404);
        } finally {
            Blocking.await(remote.withdraw(dead));
        }
        assertThat(HttpProbe.nodePort(remoteNode, CONFIG)).isPositive();
    }

    /** A registry that sees this node's services and the remote node's routes. */
    private static LocalRegistry mergedRegistry() {
        LocalRegistry merged = LocalRegistry.of(registryHost);
        Blocking.await(LocalRegistry.of(vertx).all()).forEach(merged::publish);
        Blocking.await(LocalRegistry.of(remoteNode).all()).forEach(merged::publish);
        return merged;
    }

    private static int deadPort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
