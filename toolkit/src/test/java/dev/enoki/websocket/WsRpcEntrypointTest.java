package dev.enoki.websocket;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.HttpProbe;
import dev.enoki.testing.WebSocketProbe;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code @WsRpc} and the hub over real websockets on the node's web server, frame by frame as Nameko writes them. */
class WsRpcEntrypointTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    /** A second node web server in the same Vert.x: its sockets share only the event bus with the first's. */
    private static final JsonObject OTHER_NODE = new JsonObject().put("WEB_SERVER_ADDRESS", "0.0.0.0:0");
    private static ContainerFactory factory;
    private static int port;
    private static int otherPort;

    @BeforeAll
    static void start() {
        factory = new ContainerFactory(CONFIG);
        factory.start(ChatService.class);
        factory.start(factory.create(ChatService.class, OTHER_NODE));
        port = HttpProbe.nodePort(factory.vertx(), CONFIG);
        otherPort = HttpProbe.nodePort(factory.vertx(), OTHER_NODE);
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    private static WebSocketProbe connect(String... headers) {
        return WebSocketProbe.connect(factory.vertx(), port, headers);
    }

    private static JsonObject call(WebSocketProbe ws, String method, Object... kwargs) {
        JsonObject data = new JsonObject();
        for (int i = 0; i + 1 < kwargs.length; i += 2) {
            data.put((String) kwargs[i], kwargs[i + 1]);
        }
        return ws.call(method, data, method + "-call");
    }

    @Test
    void aCallIsAnsweredWithItsResultAndCorrelationIdInNamekosFieldOrder() {
        try (WebSocketProbe ws = connect()) {
            assertThat(ws.socketId()).hasSize(36);
            JsonObject answer = ws.call("echo", new JsonObject().put("value", "hellø"), 7);
            assertThat(List.copyOf(answer.fieldNames())).containsExactly("type", "success", "data", "correlation_id");
            assertThat(answer).isEqualTo(new JsonObject().put("type", "result").put("success", true)
                    .put("data", "hellø").put("correlation_id", 7));
        }
    }

    @Test
    void aFailingMethodAnswersNamekosErrorDictAndTheSocketStaysOpen() {
        try (WebSocketProbe ws = connect()) {
            JsonObject answer = call(ws, "fail", "why", "no tea");
            assertThat(List.copyOf(answer.fieldNames())).containsExactly("type", "success", "error", "correlation_id");
            assertThat(answer.getBoolean("success")).isFalse();
            assertThat(answer.getJsonObject("error")).isEqualTo(new JsonObject()
                    .put("exc_type", "IllegalStateException").put("exc_path", "java.lang.IllegalStateException")
                    .put("exc_args", new JsonArray().add("no tea")).put("value", "no tea"));
            assertThat(answer.getString("correlation_id")).isEqualTo("fail-call");
            assertThat(call(ws, "echo", "value", "still here").getString("data")).isEqualTo("still here");
        }
    }

    @Test
    void anUnknownMethodAnswersMethodNotFound() {
        try (WebSocketProbe ws = connect()) {
            JsonObject error = call(ws, "nope").getJsonObject("error");
            assertThat(error.getString("exc_path")).isEqualTo("nameko.exceptions.MethodNotFound");
            assertThat(error.getString("value")).isEqualTo("nope");
        }
    }

    @Test
    void argumentsThatDoNotFitAnswerIncorrectSignature() {
        try (WebSocketProbe ws = connect()) {
            JsonObject error = call(ws, "echo", "wrong", 1).getJsonObject("error");
            assertThat(error.getString("exc_path")).isEqualTo("nameko.exceptions.IncorrectSignature");
            assertThat(call(ws, "echo").getJsonObject("error").getString("exc_type")).isEqualTo("IncorrectSignature");
        }
    }

    @Test
    void badFramesAnswerMalformedRequestWithoutACorrelationIdAndTheSocketStaysOpen() {
        try (WebSocketProbe ws = connect()) {
            for (String frame : List.of("not json", "[1, 2]", "{\"data\": {}, \"correlation_id\": 3}",
                    "{\"method\": 5}", "{\"method\": \"echo\", \"data\": [1], \"correlation_id\": 4}")) {
                ws.send(frame);
                JsonObject answer = ws.nextResult();
                assertThat(answer.getBoolean("success")).as(frame).isFalse();
                assertThat(answer.getJsonObject("error").getString("exc_path")).as(frame)
                        .isEqualTo("nameko.exceptions.MalformedRequest");
                assertThat(answer.containsKey("correlation_id")).isTrue();
                assertThat(answer.getValue("correlation_id")).as(frame).isNull();
            }
            assertThat(call(ws, "echo", "value", "one").getString("data")).isEqualTo("one");
            assertThat(ws.isClosed()).isFalse();
        }
    }

    @Test
    void absentOrEmptyDataMeansNoArguments() {
        try (WebSocketProbe ws = connect()) {
            ws.send("{\"method\": \"language\", \"correlation_id\": 1}");
            assertThat(ws.nextResult().getBoolean("success")).isTrue();
            ws.send("{\"method\": \"language\", \"data\": null}");
            assertThat(ws.nextResult().getBoolean("success")).isTrue();
        }
    }

    @Test
    void theHandshakeHeadersAreTheCallsContextData() {
        try (WebSocketProbe ws = connect("Accept-Language", "fr-CH")) {
            assertThat(call(ws, "language").getString("data")).isEqualTo("fr-CH");
        }
    }

    @Test
    void aBroadcastReachesEverySubscriberOfTheChannelAndNoOneElse() {
        try (WebSocketProbe ann = connect(); WebSocketProbe bob = connect(); WebSocketProbe eve = connect()) {
            assertThat(call(ann, "join", "channel", "tea").getJsonArray("data")).containsExactly("tea");
            call(bob, "join", "channel", "tea");
            call(eve, "join", "channel", "coffee");
            assertThat(call(ann, "say", "channel", "tea", "text", "kettle on").getBoolean("success")).isTrue();
            JsonObject expected = new JsonObject().put("type", "event").put("event", "said")
                    .put("data", new JsonObject().put("from", ann.socketId()).put("text", "kettle on"));
            assertThat(ann.nextEvent()).isEqualTo(expected);
            JsonObject toBob = bob.nextEvent();
            assertThat(List.copyOf(toBob.fieldNames())).containsExactly("type", "event", "data");
            assertThat(toBob).isEqualTo(expected);

            call(eve, "say", "channel", "coffee", "text", "mine");
            assertThat(eve.nextEvent().getJsonObject("data").getString("text")).isEqualTo("mine");
            // ann heard nothing of coffee: her next event is the next tea one
            call(bob, "leave", "channel", "tea");
            call(ann, "say", "channel", "tea", "text", "ready");
            assertThat(ann.nextEvent().getJsonObject("data").getString("text")).isEqualTo("ready");
            call(bob, "echo", "value", "sync");
            assertThat(bob.pollEvent(Duration.ZERO)).isNull();
        }
    }

    @Test
    void aBroadcastReachesSubscribersOfAnotherNodeWebServerOverTheEventBus() {
        try (WebSocketProbe here = connect(); WebSocketProbe there = WebSocketProbe.connect(factory.vertx(), otherPort)) {
            call(there, "join", "channel", "news");
            call(here, "say", "channel", "news", "text", "across");
            assertThat(there.nextEvent().getJsonObject("data").getString("from")).isEqualTo(here.socketId());
        }
    }

    @Test
    void aUnicastReachesOneSocketOfThisNodeAndSaysWhetherItExists() {
        try (WebSocketProbe ann = connect(); WebSocketProbe bob = connect()) {
            assertThat(call(ann, "whisper", "to", bob.socketId(), "text", "psst").getBoolean("data")).isTrue();
            assertThat(bob.nextEvent()).isEqualTo(new JsonObject().put("type", "event").put("event", "whispered")
                    .put("data", new JsonObject().put("from", ann.socketId()).put("text", "psst")));
            assertThat(call(ann, "whisper", "to", "no-such-socket", "text", "psst").getBoolean("data")).isFalse();
        }
    }

    @Test
    void aClosedSocketIsForgottenWithItsSubscriptions() {
        try (WebSocketProbe ann = connect()) {
            WebSocketProbe bob = connect();
            call(bob, "join", "channel", "gone");
            String bobId = bob.socketId();
            bob.close();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !call(ann, "whisper", "to", bobId, "text", "hello?").getBoolean("data"));
            assertThat(call(ann, "enrol", "other", bobId, "channel", "gone").getJsonObject("error")
                    .getString("exc_type")).isEqualTo("ConnectionNotFound");
        }
    }

    @Test
    void subscribingASocketOfAnotherNodeAnswersConnectionNotFound() {
        try (WebSocketProbe ann = connect(); WebSocketProbe there = WebSocketProbe.connect(factory.vertx(), otherPort)) {
            JsonObject error = call(ann, "enrol", "other", there.socketId(), "channel", "c").getJsonObject("error");
            assertThat(error).isEqualTo(new JsonObject().put("exc_type", "ConnectionNotFound")
                    .put("exc_path", "nameko.exceptions.ConnectionNotFound")
                    .put("exc_args", new JsonArray().add(there.socketId())).put("value", there.socketId()));
        }
    }

    @Test
    void aClientThatStopsReadingLosesEventsButNotAnswers() {
        int count = 800;
        int size = 32 * 1024;
        try (WebSocketProbe slow = connect(); WebSocketProbe sender = connect()) {
            call(slow, "join", "channel", "flood");
            slow.pause();
            // 25 MiB of events for a socket whose write queue holds 256 KiB: most must be dropped, not buffered
            assertThat(call(sender, "flood", "channel", "flood", "count", count, "size", size).getInteger("data"))
                    .isEqualTo(count);
            slow.resume();
            slow.send(new JsonObject().put("method", "echo").put("data", new JsonObject().put("value", "after"))
                    .put("correlation_id", "last").encode());
            assertThat(slow.nextResult().getString("data")).isEqualTo("after");
            int received = 0;
            while (slow.pollEvent(Duration.ZERO) != null) {
                received++;
            }
            assertThat(received).isGreaterThan(0).isLessThan(count);
        }
    }
}
