package dev.enoki.internal.eventbus;

import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of one service on the event bus, one of which never answers: once its breaker opens, the balancer
 * leaves it out and every call goes to the other, until its open period ends.
 */
class OutlierEjectionTest {
    private static final JsonObject CONFIG = new JsonObject().put("circuit_breaker", new JsonObject()
            .put("minimum_calls", 4).put("window", "30s").put("open_for", "30s"));

    private final ContainerFactory factory = new ContainerFactory(CONFIG);

    @AfterEach
    void close() {
        factory.close();
    }

    @Service("ejected_echo")
    public static class Answering {
        @Rpc
        public String echo(String word) {
            return word;
        }
    }

    @Service("ejected_echo")
    public static class Stuck {
        @Rpc
        public String echo(String word) throws InterruptedException {
            Thread.sleep(5_000);
            return word;
        }
    }

    @Test
    void anInstanceThatStopsAnsweringIsLeftOutOnceItsBreakerOpens() {
        factory.start(Answering.class);
        factory.start(Stuck.class);
        ServiceProxy echo = factory.client().proxy("ejected_echo").withTimeout(Duration.ofSeconds(1));

        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            try {
                outcomes.add(echo.call("echo", String.class, "hi"));
            } catch (RpcTimeout e) {
                outcomes.add("RpcTimeout");
            }
        }

        // round robin: every other call reaches the stuck one until 4 of its calls went unanswered
        assertThat(outcomes.stream().filter("RpcTimeout"::equals).count()).isEqualTo(4);
        assertThat(outcomes.subList(10, 30)).containsOnly("hi");
    }
}
