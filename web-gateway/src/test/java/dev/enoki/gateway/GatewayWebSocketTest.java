package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import dev.enoki.testing.WebSocketProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /ws} through the gateway: relayed to the node's {@code @WsRpc} methods for a Java client and for a page
 * in headless Chromium, behind the gateway's bearer check and rate limit as every other route.
 */
class GatewayWebSocketTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    private static Vertx vertx;
    private static WebGateway open;
    private static WebGateway guarded;
    private static WebGateway limited;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        Blocking.await(new ServiceContainer(RoomService.class, CONFIG).start(vertx));
        open = started(new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), CONFIG));
        // The token is checked a moment later, as a real verifier would: the handshake waits for it
        guarded = started(new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), CONFIG)
                .withTokenVerifier(token -> vertx.timer(20).compose(x -> token.equals("good-token")
                        ? Future.succeededFuture("ann") : Future.<String>failedFuture("refused"))));
        limited = started(new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0)
                .setRateLimit(0.001, 2), CONFIG));
    }

    private static WebGateway started(WebGateway gateway) {
        Blocking.await(gateway.start(vertx));
        return gateway;
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
    }

    @Test
    void aCallAndAHubEventTravelThroughTheGateway() {
        try (WebSocketProbe ws = WebSocketProbe.connect(vertx, open.port())) {
            assertThat(ws.call("echo", new JsonObject().put("value", "via gateway"), 1)).isEqualTo(new JsonObject()
                    .put("type", "result").put("success", true).put("data", "via gateway").put("correlation_id", 1));
            ws.call("enter", new JsonObject().put("room", "lobby"), 2);
            ws.call("speak", new JsonObject().put("room", "lobby").put("text", "hi all"), 3);
            assertThat(ws.nextEvent()).isEqualTo(new JsonObject().put("type", "event").put("event", "spoken")
                    .put("data", new JsonObject().put("text", "hi all")));
            ws.send("not json");
            assertThat(ws.nextResult().getJsonObject("error").getString("exc_type")).isEqualTo("MalformedRequest");
        }
    }

    @Test
    void theHandshakeNeedsAGoodBearerTokenWhenTheGatewayChecksThem() {
        assertThat(WebSocketProbe.refusal(vertx, guarded.port())).isEqualTo(401);
        assertThat(WebSocketProbe.refusal(vertx, guarded.port(), "Authorization", "Bearer bad-token")).isEqualTo(401);
        try (WebSocketProbe ws = WebSocketProbe.connect(vertx, guarded.port(), "Authorization", "Bearer good-token")) {
            assertThat(ws.call("echo", new JsonObject().put("value", "let in"), 1).getString("data"))
                    .isEqualTo("let in");
        }
    }

    @Test
    void handshakesCountAgainstTheRateLimit() {
        try (WebSocketProbe first = WebSocketProbe.connect(vertx, limited.port());
             WebSocketProbe second = WebSocketProbe.connect(vertx, limited.port())) {
            assertThat(WebSocketProbe.refusal(vertx, limited.port())).isEqualTo(429);
            assertThat(second.call("echo", new JsonObject().put("value", "open still"), 1).getString("data"))
                    .isEqualTo("open still");
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void aPageInChromiumCallsEchoAndHearsAHubEventThroughTheGateway() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.navigate("http://127.0.0.1:" + open.port() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> "complete".equals(chromium.evaluate("document.readyState")));
            chromium.evaluate("""
                    window.wsLog = [];
                    (() => {
                      const ws = new WebSocket('ws://' + location.host + '/ws');
                      const call = (id, method, data) => ws.send(JSON.stringify({method, data, correlation_id: id}));
                      ws.onmessage = e => {
                        const frame = JSON.parse(e.data);
                        window.wsLog.push({text: typeof e.data === 'string', frame});
                        if (frame.event === 'connected') {
                          call(1, 'echo', {value: 'from chromium'});
                          call(2, 'enter', {room: 'browsers'});
                          call(3, 'speak', {room: 'browsers', text: 'hello from the page'});
                        }
                      };
                    })();
                    'opened'""");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(chromium.evaluate(
                    "window.wsLog.some(m => m.frame.event === 'spoken')")));
            assertThat(chromium.evaluate("window.wsLog.every(m => m.text)")).isEqualTo(true);
            assertThat(chromium.evaluate("window.wsLog[0].frame.data.socket_id.length")).isEqualTo(36);
            assertThat(chromium.evaluate("JSON.stringify(window.wsLog.find(m => m.frame.correlation_id === 1).frame)"))
                    .isEqualTo("{\"type\":\"result\",\"success\":true,\"data\":\"from chromium\",\"correlation_id\":1}");
            assertThat(chromium.evaluate("JSON.stringify(window.wsLog.find(m => m.frame.event === 'spoken').frame)"))
                    .isEqualTo("{\"type\":\"event\",\"event\":\"spoken\",\"data\":{\"text\":\"hello from the page\"}}");
        }
    }
}
