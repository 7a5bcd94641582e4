package dev.enoki.internal.amqp;

import dev.enoki.BrokerConnectionLost;
import dev.enoki.EnokiClient;
import dev.enoki.EventHandler;
import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away and comes back ({@code rabbitmqctl stop_app}/{@code start_app}) while calls and events flow:
 * consumers are back within 10 s without restarting anything, calls caught by the outage fail with a clear error
 * rather than running into their deadline, and no event whose dispatch succeeded is lost. The only test that
 * restarts the broker, and it always starts it again.
 */
class AmqpBrokerRestartTest {
    private static final Set<Integer> HANDLED = ConcurrentHashMap.newKeySet();

    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer service;
    private static EnokiClient client;

    @Service("restart_svc")
    public static class Echo {
        @Rpc
        public int echo(int n) {
            return n;
        }

        @EventHandler(source = "restart_src", event = "tick")
        public void onTick(int n) {
            HANDLED.add(n);
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        service = new ServiceContainer(Echo.class, broker.config());
        await(service.start(vertx));
        client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "30s")));
    }

    @AfterAll
    static void stop() {
        startBrokerIfStopped();
        client.close();
        await(service.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void consumersComeBackAndNoDispatchedEventIsLostAcrossABrokerRestart() throws Exception {
        Set<Integer> dispatched = ConcurrentHashMap.newKeySet();
        List<Throwable> callFailures = new CopyOnWriteArrayList<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ServiceProxy echo = client.proxy("restart_svc");
        Thread traffic = new Thread(() -> {
            for (int i = 0; running.get() && i < 1_000_000; i++) {
                try {
                    client.dispatch("restart_src", "tick", i);
                    dispatched.add(i);
                } catch (RuntimeException e) {
                    // not dispatched: the outage refused it, so nothing is owed
                }
                try {
                    echo.call("echo", Integer.class, i);
                    answered.incrementAndGet();
                } catch (RuntimeException e) {
                    callFailures.add(e);
                }
            }
        }, "restart-traffic");
        traffic.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() > 50 && HANDLED.size() > 50);
            try {
                RabbitVhost.rabbitmqctl("stop_app");
                await().atMost(Duration.ofSeconds(20)).until(() -> !callFailures.isEmpty());
            } finally {
                RabbitVhost.rabbitmqctl("start_app");
            }
            int answeredAtRestart = answered.get();
            int handledAtRestart = HANDLED.size();
            try {
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        answered.get() > answeredAtRestart + 20 && HANDLED.size() > handledAtRestart + 20);
            } catch (ConditionTimeoutException e) {
                printThreads();
                throw new AssertionError(String.format("traffic did not resume after the restart: %d -> %d answered, "
                        + "%d -> %d handled, last failure %s; the broker's queues now (name, consumers, messages):%n%s",
                        answeredAtRestart, answered.get(), handledAtRestart, HANDLED.size(),
                        callFailures.isEmpty() ? "none" : callFailures.get(callFailures.size() - 1),
                        RabbitVhost.rabbitmqctl("list_queues", "-p", broker.vhost(), "name", "consumers",
                                "messages")), e);
            }
            assertConsumersOnTheBroker();
        } finally {
            running.set(false);
            traffic.join(60_000);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(HANDLED).containsAll(dispatched));
        assertThat(callFailures).isNotEmpty().noneMatch(e -> e instanceof RpcTimeout);
        assertThat(callFailures).allSatisfy(e -> assertThat(e).isInstanceOf(BrokerConnectionLost.class));
        assertThat(service.isRunning()).isTrue();
    }

    private static void assertConsumersOnTheBroker() {
        JsonArray queues = new JsonArray(RabbitVhost.rabbitmqctl("list_queues", "-p", broker.vhost(),
                "name", "consumers", "--formatter", "json"));
        for (Object q : queues) {
            JsonObject queue = (JsonObject) q;
            if (queue.getString("name").equals("rpc-restart_svc")
                    || queue.getString("name").equals("evt-restart_src-tick--restart_svc.on_tick")) {
                assertThat(queue.getInteger("consumers")).as(queue.getString("name")).isEqualTo(1);
            }
        }
    }

    /** Where every thread of this JVM is, for the look into a stall: who waits on what. */
    private static void printThreads() {
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            System.out.println("THREAD " + thread.getName() + " " + thread.getState());
            for (StackTraceElement frame : stack) {
                System.out.println("    at " + frame);
            }
        });
    }

    private static void startBrokerIfStopped() {
        try {
            RabbitVhost.rabbitmqctl("start_app");
        } catch (IllegalStateException e) {
            // already running
        }
    }
}
