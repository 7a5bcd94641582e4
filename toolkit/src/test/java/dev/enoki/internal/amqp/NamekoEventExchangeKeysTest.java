package dev.enoki.internal.amqp;

import dev.enoki.EventHandler;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.testsupport.NamekoProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config keys Nameko's standalone event dispatcher reads, {@code AUTO_DELETE_EVENT_EXCHANGES},
 * {@code DECLARE_EVENT_EXCHANGES} and {@code LOGIN_METHOD}, set alike on a real Nameko 2.14.1 and an Enoki service:
 * both declare the source's exchange auto-delete, so neither is refused the other's declaration, and Nameko's events
 * reach Enoki's handler, logged in with AMQPLAIN on both sides.
 */
class NamekoEventExchangeKeysTest {
    private static final BlockingQueue<Map<String, Object>> HANDLED = new ArrayBlockingQueue<>(10);
    private static final String DISPATCHER = """
            import sys

            from nameko.standalone.events import event_dispatcher

            config = {"AMQP_URI": sys.argv[1], "AUTO_DELETE_EVENT_EXCHANGES": True, "LOGIN_METHOD": "AMQPLAIN"}
            if sys.argv[2] == "no-declare":
                config["DECLARE_EVENT_EXCHANGES"] = False
            event_dispatcher(config)("py_ticker", "tick", {"n": int(sys.argv[3])})
            print("DISPATCHED", flush=True)
            """;

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer java;
    private static Path script;

    @Service("java_ticks")
    public static class JavaTicks {
        @EventHandler(source = "py_ticker", event = "tick")
        public void onTick(Map<String, Object> payload) {
            HANDLED.add(payload);
        }
    }

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        java = new ServiceContainer(JavaTicks.class, broker.config().put("AUTO_DELETE_EVENT_EXCHANGES", true)
                .put("LOGIN_METHOD", "AMQPLAIN"));
        await(java.start(vertx));
        script = Files.writeString(dir.resolve("dispatch_tick.py"), DISPATCHER);
    }

    @AfterAll
    static void stop() {
        if (java != null) {
            await(java.stop());
            await(vertx.close());
            broker.close();
        }
    }

    @Test
    void namekosDispatcherDeclaresTheAutoDeleteExchangeEnokiDeclaredAndItsEventIsHandled() throws Exception {
        dispatch("declare", 1);

        JsonObject exchange = broker.exchanges().get("py_ticker.events");
        assertThat(exchange.getBoolean("auto_delete")).isTrue();
        assertThat(HANDLED.poll(30, TimeUnit.SECONDS)).isEqualTo(Map.of("n", 1));
    }

    @Test
    void namekosDispatcherThatDeclaresNothingStillReachesEnokisHandler() throws Exception {
        dispatch("no-declare", 2);

        assertThat(HANDLED.poll(30, TimeUnit.SECONDS)).isEqualTo(Map.of("n", 2));
    }

    private static void dispatch(String declaration, int n) {
        try (NamekoProcess nameko = NamekoProcess.script(script, List.of(), broker.config().getString("AMQP_URI"),
                declaration, String.valueOf(n))) {
            nameko.awaitSuccess(Duration.ofSeconds(60));
            assertThat(nameko.output()).contains("DISPATCHED");
        }
    }
}
