package dev.enoki.demo.http;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.HttpProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Nameko's http, advanced http and http exceptions examples, over a real socket on one node web server. */
class HttpExamplesTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    private static ContainerFactory factory;
    private static HttpProbe web;

    @BeforeAll
    static void start() {
        factory = new ContainerFactory(CONFIG);
        factory.start(HttpService.class);
        factory.start(AdvancedHttpService.class);
        factory.start(HttpExceptionsService.class);
        web = HttpProbe.node(factory.vertx(), CONFIG);
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void aPathVariableIsConvertedAndTheResultIsJson() {
        HttpResponse<String> r = web.get("/get/42");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("value", 42));
        assertThat(web.get("/get/forty-two").statusCode()).isEqualTo(400);
    }

    @Test
    void aPostedBodyIsReceivedAsText() {
        assertThat(web.post("/post", "hello").body()).isEqualTo("received: hello");
    }

    @Test
    void oneRouteAnswersSeveralMethods() {
        for (String method : new String[]{"GET", "PUT", "POST", "DELETE"}) {
            assertThat(web.send(method, "/multi", null).body()).isEqualTo(method);
        }
        assertThat(web.send("PATCH", "/multi", null).statusCode()).isEqualTo(405);
    }

    @Test
    void aStatusAHeaderAndAWholeResponseAreReturnedAsGiven() {
        HttpResponse<String> forbidden = web.get("/privileged");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo("Forbidden");

        HttpResponse<String> created = web.get("/headers");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("https://www.example.com/widget/1");

        HttpResponse<String> custom = web.get("/custom");
        assertThat(custom.statusCode()).isEqualTo(200);
        assertThat(custom.body()).isEqualTo("payload");
        assertThat(custom.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    @Test
    void theServicesOwnExceptionBecomesAJsonErrorWithItsStatus() {
        HttpResponse<String> r = web.get("/custom_exception");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(r.body())).isEqualTo(new JsonObject().put("error", "INVALID_ARGUMENTS")
                .put("message", "Argument `foo` is required."));
        assertThat(web.get("/custom_exception?foo=bar").body()).isEqualTo("foo is bar");
    }
}
