package dev.enoki.rpc;

import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.testing.ContainerFactory;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A call that waited for a free worker until its deadline passed is not run: its caller has given up on it. */
class RpcDeadlineTest {
    private static final Set<String> RAN = ConcurrentHashMap.newKeySet();

    private final ContainerFactory factory = new ContainerFactory();

    @Service("napper")
    public static class Napper {
        @Rpc
        public String nap(String id, long millis) throws InterruptedException {
            RAN.add(id);
            Thread.sleep(millis);
            return id;
        }
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void callThatWaitedForAWorkerPastItsDeadlineIsNotRun() {
        factory.start(factory.create(Napper.class, new JsonObject().put("max_workers", 1)));
        ServiceProxy napper = factory.client().proxy("napper");
        Future<String> busy = napper.withTimeout(Duration.ofSeconds(20)).callAsync("nap", String.class, "busy", 1_000L);
        await().atMost(Duration.ofSeconds(10)).until(() -> RAN.contains("busy"));
        Future<String> late = napper.withTimeout(Duration.ofMillis(200)).callAsync("nap", String.class, "late", 0L);
        // Waits behind the late one for the same worker: once it ran, the late one had its turn.
        Future<String> after = napper.withTimeout(Duration.ofSeconds(20)).callAsync("nap", String.class, "after", 0L);

        await().atMost(Duration.ofSeconds(20)).until(() -> busy.isComplete() && after.isComplete());
        assertThat(busy.result()).isEqualTo("busy");
        assertThat(after.result()).isEqualTo("after");
        assertThat(late.cause()).isInstanceOf(RpcTimeout.class);
        assertThat(RAN).doesNotContain("late");
    }
}
