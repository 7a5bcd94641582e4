package dev.enoki.gateway;

import dev.enoki.Blocking;
import dev.enoki.ServiceContainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The web console in a real browser: Debian's headless chromium. */
class ConsoleTest {
    private static Vertx vertx;
    private static WebGateway gateway;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        Blocking.await(new ServiceContainer(GreetingService.class, new JsonObject()).start(vertx));
        Blocking.await(new ServiceContainer(ShopService.class, new JsonObject()).start(vertx));
        gateway = new WebGateway(new GatewayOptions().setHost("127.0.0.1").setPort(0), new JsonObject());
        Blocking.await(gateway.start(vertx));
    }

    @AfterAll
    static void stop() {
        Blocking.await(vertx.close());
    }

    @Test
    void consoleListsARunningServiceAndShowsTheResultOfACallMadeThroughItsForm() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.navigate("http://127.0.0.1:" + gateway.port() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(chromium.evaluate(
                    "document.querySelector('tr.service[data-service=\"greeting_service\"]') !== null")));
            assertThat((String) chromium.evaluate("document.getElementById('services').textContent"))
                    .contains("greeting_service").contains("hello(name: java.lang.String)");

            chromium.evaluate("""
                    (function () {
                      var service = document.getElementById('service');
                      service.value = 'greeting_service';
                      service.dispatchEvent(new Event('change'));
                      document.getElementById('method').value = 'hello';
                      document.getElementById('args').value = '["Chromium"]';
                      document.getElementById('call').click();
                      return true;
                    })()""");
            await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(chromium.evaluate(
                    "document.getElementById('result').textContent")).contains("Hello, Chromium!"));
            assertThat((String) chromium.evaluate("document.getElementById('status').textContent")).startsWith("OK 200");

            Path screenshot = Path.of("target", "console-screenshot.png");
            chromium.screenshot(screenshot);
            assertThat(Files.size(screenshot)).isPositive();
        }
    }

    @Test
    void apiViewShowsAnOperationWithItsRecordParameterAndTryItCallsItThroughTheForm() throws Exception {
        String place = "details.operation[data-operation=\"shop.place\"]";
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            chromium.navigate("http://127.0.0.1:" + gateway.port() + "/");
            await().atMost(Duration.ofSeconds(20)).until(() -> Boolean.TRUE.equals(chromium.evaluate(
                    "document.querySelector('" + place + "') !== null")));
            chromium.evaluate("document.querySelector('" + place + "').open = true");

            String order = place + " li.parameter[data-param=\"order\"]";
            assertThat((String) chromium.evaluate("document.querySelector('" + order + " .type.named').textContent"))
                    .isEqualTo("NewOrder");
            String properties = (String) chromium.evaluate("Array.prototype.map.call(document.querySelectorAll('"
                    + order + " li.property'), function (li) { return li.textContent; }).join('\\n')");
            assertThat(properties).contains("customer: string", "lines: array of Line", "sku: string",
                    "quantity: integer (int32) (required)", "shipTo: Address", "city: string",
                    "priority: Priority", "NORMAL, EXPRESS", "tags: map of string", "note: string | null");
            assertThat((String) chromium.evaluate("document.querySelector('" + place + " .api-part:nth-of-type(2)').textContent"))
                    .startsWith("Result").contains("Receipt");

            chromium.evaluate("document.querySelector('" + place + " button.try').click()");
            assertThat((String) chromium.evaluate("document.getElementById('service').value")).isEqualTo("shop");
            assertThat((String) chromium.evaluate("document.getElementById('method').value")).isEqualTo("place");
            JsonObject args = new JsonObject((String) chromium.evaluate("document.getElementById('args').value"));
            assertThat(args.getJsonObject("order").fieldNames())
                    .containsExactly("customer", "lines", "shipTo", "priority", "tags", "note");
            assertThat(args.getJsonObject("order").getString("priority")).isEqualTo("NORMAL");

            chromium.evaluate("document.getElementById('call').click()");
            await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(chromium.evaluate(
                    "document.getElementById('result').textContent")).contains("receipt-1"));
            assertThat((String) chromium.evaluate("document.getElementById('status').textContent")).startsWith("OK 200");
            chromium.screenshot(Path.of("target", "console-api-screenshot.png"));
        }
    }
}
