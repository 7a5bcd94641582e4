package dev.enoki;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import dev.enoki.testing.HttpProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event bus entry points and {@code @Http} bound what they decode: a body over {@code max_message_size} or
 * nested deeper than the JSON mapper allows ({@link dev.enoki.json.Json#MAX_NESTING_DEPTH}) gets a typed error or
 * is dropped, and the next good message goes through. (AMQP: AmqpBadMessagesTest; the gateway: its own tests.)
 */
class JsonLimitsTest {
    private static final int LIMIT = 4096;
    private static final BlockingQueue<Object> NOTES = new ArrayBlockingQueue<>(10);

    private static ContainerFactory factory;
    private static EnokiClient client;
    private static HttpProbe web;

    @Service("limits")
    public static class Limits {
        @Rpc
        public String typeOf(Object value) {
            return value.getClass().getName();
        }

        @EventHandler(source = "limits_src", event = "note")
        public void onNote(Object payload) {
            NOTES.add(payload);
        }

        @Http(method = "POST", path = "/limits/type")
        public String bodyType(Object body) {
            return body.getClass().getName();
        }
    }

    @BeforeAll
    static void start() {
        JsonObject config = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0")
                .put("max_message_size", LIMIT).put("WEB_SERVER_BODY_LIMIT", LIMIT);
        factory = new ContainerFactory(config);
        factory.start(Limits.class);
        client = factory.client();
        web = HttpProbe.node(factory.vertx(), config);
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    /** Lists inside lists, {@code depth} deep: well within what a client writes, beyond what a service reads. */
    private static Object nested(int depth) {
        Object value = List.of();
        for (int i = 1; i < depth; i++) {
            value = List.of(value);
        }
        return value;
    }

    @Test
    void eventBusRequestsOverTheSizeOrDepthLimitGetMalformedRequest() {
        ServiceProxy limits = client.proxy("limits");

        assertThatThrownBy(() -> limits.call("typeOf", String.class, "x".repeat(LIMIT)))
                .isInstanceOf(MalformedRequest.class).hasMessageContaining("max_message_size");
        assertThatThrownBy(() -> limits.call("typeOf", String.class, nested(300)))
                .isInstanceOf(MalformedRequest.class).hasMessageContaining("nesting depth");
        assertThat(limits.call("typeOf", String.class, nested(50))).isEqualTo("java.util.ArrayList");
    }

    @Test
    void eventBusEventsOverTheSizeOrDepthLimitAreDroppedAndTheNextIsHandled() throws InterruptedException {
        client.dispatch("limits_src", "note", "x".repeat(LIMIT));
        client.dispatch("limits_src", "note", nested(300));
        client.dispatch("limits_src", "note", "fine");

        assertThat(NOTES.poll(10, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThat(NOTES).isEmpty();
    }

    @Test
    void anEventBusRequestWhoseCallHeaderHasNoNumberForItsDeadlineGetsMalformedRequest() {
        Message<Buffer> reply = Futures.await(factory.vertx().eventBus().<Buffer>request("enoki.rpc.limits",
                Buffer.buffer("{\"args\": [1], \"kwargs\": {}}"),
                new DeliveryOptions().addHeader("enoki-call", "soon\n{}\ntypeOf")));

        JsonObject error = new JsonObject(reply.body()).getJsonObject("error");
        assertThat(error.getString("exc_type")).isEqualTo("MalformedRequest");
        assertThat(error.getString("value")).contains("enoki-call");
    }

    @Test
    void httpBodiesTooDeepAreBadRequestsAndAGadgetShapeBindsAsPlainJson() {
        HttpResponse<String> deep = web.post("/limits/type", "[".repeat(300) + "]".repeat(300));
        assertThat(deep.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(deep.body()).getString("exc_type")).isEqualTo("MalformedRequest");
        assertThat(web.post("/limits/type", "x".repeat(LIMIT + 1)).statusCode()).isEqualTo(413);

        HttpResponse<String> gadget = web.post("/limits/type",
                "{\"@class\": \"java.lang.ProcessBuilder\", \"command\": [\"touch\", \"/tmp/owned\"]}");
        assertThat(gadget.statusCode()).isEqualTo(200);
        assertThat(gadget.body()).contains("java.util.LinkedHashMap");
    }
}
