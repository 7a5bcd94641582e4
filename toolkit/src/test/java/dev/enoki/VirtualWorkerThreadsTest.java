package dev.enoki;

import dev.enoki.testsupport.ChildJvm;
import dev.enoki.testsupport.Jdks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code worker_threads: virtual}: blocking workers on virtual threads, checked in a child JVM of a Java release that
 * has them (the toolkit is built for Java 17), and refused on one that does not.
 */
class VirtualWorkerThreadsTest {
    private static final int CALLS = 2000;

    @Test
    void twoThousandBlockingCallsAreAllInProgressTogetherOnVirtualThreads() {
        try (ChildJvm child = ChildJvm.java("virtual-workers", Jdks.javaAtLeast(21))
                .args("-cp", System.getProperty("java.class.path"), Program.class.getName(),
                        Integer.toString(CALLS)).start()) {
            child.awaitLine("all calls in progress", line -> line.equals("in progress together: " + CALLS),
                    Duration.ofSeconds(120));
            child.awaitLine("every reply", line -> line.startsWith("replied: "), Duration.ofSeconds(120));
            assertThat(child.stdout()).contains("replied: " + CALLS + " ok, on virtual threads only");
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    void onAJavaWithoutVirtualThreadsTheSettingFailsTheStartWithAOneLineConfigurationError() {
        try (ChildJvm child = ChildJvm.java("no-virtual-workers", Jdks.javaBefore(21))
                .args("-cp", System.getProperty("java.class.path"), Program.class.getName(), "1").start()) {
            assertThat(child.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(child.stdout()).singleElement().asString()
                    .startsWith("refused: ConfigurationError: worker_threads: virtual needs Java 21 or later; "
                            + "this JVM is Java ");
        }
    }

    @Test
    void workerThreadsIsPlatformByDefaultAndNothingButPlatformOrVirtual() {
        assertThat(EnokiOptions.fromJson(new JsonObject()).virtualWorkerThreads()).isFalse();
        assertThat(EnokiOptions.fromJson(new JsonObject()).toJson().getString("worker_threads")).isEqualTo("platform");
        assertThatThrownBy(() -> EnokiOptions.fromJson(new JsonObject().put("worker_threads", "green")))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("worker_threads must be platform or virtual, not 'green'");
    }

    /** Holds every call on a blocking call to the gate until all of them are in progress, then opens the gate. */
    @Service("waiting")
    public static class Waiting {
        static final AtomicInteger inProgress = new AtomicInteger();
        static final Set<String> threadKinds = ConcurrentHashMap.newKeySet();

        @RpcProxy("gate")
        ServiceProxy gate;

        @Rpc
        public String hold() {
            inProgress.incrementAndGet();
            threadKinds.add(Thread.currentThread().toString().startsWith("VirtualThread") ? "virtual" : "platform");
            return gate.call("pass", String.class);   // blocks this worker until the gate opens
        }
    }

    /** A non-blocking service: every call waits for the same promise. */
    @Service("gate")
    public static class Gate {
        static final Promise<String> opened = Promise.promise();

        @Rpc
        public Future<String> pass() {
            return opened.future();
        }
    }

    /** {@code Program <calls>}: prints how many calls were in progress at once, then how many replied. */
    public static final class Program {
        public static void main(String[] args) throws Exception {
            int calls = Integer.parseInt(args[0]);
            JsonObject config = new JsonObject().put("max_workers", calls).put("worker_queue_size", 0)
                    .put("rpc_timeout", "2m");
            ServiceContainer waiting;
            try {
                waiting = new ServiceContainer(Waiting.class, config.copy().put("worker_threads", "virtual"));
            } catch (ConfigurationError e) {
                System.out.println("refused: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                System.exit(2);
                return;
            }
            Vertx vertx = Vertx.vertx();
            Blocking.await(waiting.start(vertx));
            Blocking.await(new ServiceContainer(Gate.class, config).start(vertx));
            EnokiClient client = Blocking.await(EnokiClient.connect(vertx, config));
            ServiceProxy proxy = client.proxy("waiting");
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                replies.add(proxy.callAsync("hold", String.class));
            }
            long giveUp = System.nanoTime() + Duration.ofSeconds(100).toNanos();
            while (Waiting.inProgress.get() < calls && System.nanoTime() < giveUp) {
                Thread.sleep(10);
            }
            System.out.println("in progress together: " + Waiting.inProgress.get());
            Gate.opened.complete("passed");
            int ok = 0;
            for (Future<String> reply : replies) {
                ok += "passed".equals(Blocking.await(reply)) ? 1 : 0;
            }
            System.out.println("replied: " + ok + " ok, on " + String.join(" and ", Waiting.threadKinds)
                    + " threads only");
            System.exit(0);
        }
    }
}
