package dev.enoki.demo;

import dev.enoki.testing.HttpProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo jar's node: the shop behind the gateway, ordered from over real HTTP as the README shows. */
class ShopNodeTest {
    private static ShopNode node;
    private static HttpProbe web;

    @BeforeAll
    static void start() throws Exception {
        node = ShopNode.start("127.0.0.1", 0).await(60, TimeUnit.SECONDS);
        web = HttpProbe.local(node.port());
    }

    @AfterAll
    static void stop() throws Exception {
        node.stop();
    }

    @Test
    void anOrderPostedOverHttpIsCreatedCanBeReadBackAndEndsInEmails() {
        HttpResponse<String> placed = web.post("/orders",
                "{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}",
                "Content-Type", "application/json");
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
        JsonObject order = new JsonObject(placed.body());
        assertThat(order.getString("customer")).isEqualTo("ann@example.com");
        String location = placed.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/orders/" + order.getString("id"));

        HttpResponse<String> read = web.get(location);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(read.body())).isEqualTo(order);

        await().atMost(Duration.ofSeconds(10)).until(() -> new JsonArray(web.post("/api/emails/sent", "").body())
                .stream().filter(e -> e.toString().contains(order.getString("id"))).count() == 2);
    }

    @Test
    void aRefusedOrAbsentOrderGetsItsStatus() {
        HttpResponse<String> tooMany = web.post("/orders",
                "{\"customer\": \"bob@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 99}]}");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(tooMany.body()).getString("exc_type")).isEqualTo("OutOfStock");

        assertThat(web.post("/orders", "{\"items\": []}").statusCode()).isEqualTo(400);
        HttpResponse<String> absent = web.get("/orders/order-none");
        assertThat(absent.statusCode()).isEqualTo(404);
        JsonObject noOrder = new JsonObject(absent.body());
        JsonObject noRoute = new JsonObject(web.get("/no-such-page").body());
        assertThat(noOrder.fieldNames()).isEqualTo(noRoute.fieldNames());
        assertThat(noOrder.getString("exc_type")).isEqualTo(noRoute.getString("exc_type")).isEqualTo("NotFound");
        assertThat(noOrder.getString("value")).isEqualTo("no order order-none");
    }

    @Test
    void rpcMethodsAnswerThroughTheGatewayToo() {
        assertThat(web.post("/api/greeting_service/hello", "[\"Matt\"]").body()).isEqualTo("\"Hello, Matt!\"");
    }
}
