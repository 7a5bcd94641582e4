package dev.enoki.internal.amqp;

import com.rabbitmq.client.Channel;
import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.UnknownService;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service that ran and stopped leaves its durable {@code rpc-<service>} queue behind. A call to it fails with
 * UnknownService long before its 30 s deadline, publishes nothing that would run when an instance comes back, and a
 * service started again is called at once. The times are printed; the bound asserted is far from the deadline.
 */
class AmqpAbsentServiceTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Far below the deadline, above the grace (two seconds) a caller gives a service it saw running. */
    private static final Duration WELL_BEFORE = Duration.ofSeconds(10);

    private static RabbitTestBroker broker;
    private static Vertx vertx;

    @Service("absent_svc")
    public static class Greeter {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }
    }

    @BeforeAll
    static void start() {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        await(vertx.close());
        broker.close();
    }

    @Test
    void aStoppedServiceIsUnknownAtOnceWithNothingQueuedAndFoundAtOnceWhenItIsBack() throws Exception {
        await(runGreeter().stop());
        assertThat(messagesIn("rpc-absent_svc")).as("the stopped service's queue is left behind, empty").isZero();

        try (EnokiClient client = await(EnokiClient.connect(vertx, broker.config()))) {
            // A missing queue first: its 404 closes the channel the checks use, and the next check needs a new one.
            assertThatThrownBy(() -> client.proxy("absent_nobody").withTimeout(DEADLINE).call("hello", String.class,
                    "Matt")).isInstanceOf(UnknownService.class).hasMessage("Unknown service `absent_nobody`");

            ServiceProxy greeter = client.proxy("absent_svc").withTimeout(DEADLINE);
            long started = System.nanoTime();
            assertThatThrownBy(() -> greeter.call("hello", String.class, "Matt"))
                    .isInstanceOfSatisfying(UnknownService.class, e -> assertThat(e.service()).isEqualTo("absent_svc"))
                    .hasMessage("no running instance of absent_svc: its queue rpc-absent_svc has no consumer");
            Duration failed = since(started);
            System.out.printf("a call to a stopped service failed after %.1f ms (deadline %d s)%n",
                    failed.toNanos() / 1e6, DEADLINE.toSeconds());
            assertThat(failed).isLessThan(WELL_BEFORE);
            assertThat(messagesIn("rpc-absent_svc")).as("no request left to run later").isZero();

            ServiceContainer again = runGreeter();
            started = System.nanoTime();
            assertThat(greeter.withTimeout(Duration.ofSeconds(5)).call("hello", String.class, "Matt"))
                    .isEqualTo("Hello, Matt!");
            System.out.printf("the service started again answered after %.1f ms%n", since(started).toNanos() / 1e6);
            await(again.stop());
        }
    }

    @Test
    void aCallerThatSawTheServiceRunningGivesItAGraceThenFailsAtOnce() throws Exception {
        ServiceContainer greeter = runGreeter();
        try (EnokiClient client = await(EnokiClient.connect(vertx, broker.config()))) {
            ServiceProxy proxy = client.proxy("absent_svc").withTimeout(DEADLINE);
            assertThat(proxy.call("hello", String.class, "Ann")).isEqualTo("Hello, Ann!");
            await(greeter.stop());
            // The caller trusts what it learnt for a while; past that, its next call asks the broker again.
            Thread.sleep(RunningServices.TRUSTED.toMillis() + 100);

            long started = System.nanoTime();
            assertThatThrownBy(() -> proxy.call("hello", String.class, "Ann")).isInstanceOf(UnknownService.class)
                    .hasMessageContaining("has no consumer");
            Duration first = since(started);
            started = System.nanoTime();
            assertThatThrownBy(() -> proxy.call("hello", String.class, "Ann")).isInstanceOf(UnknownService.class);
            Duration second = since(started);
            System.out.printf("a caller that saw the service running: first call failed after %.1f ms (the grace for "
                    + "a reconnection), the next after %.1f ms%n", first.toNanos() / 1e6, second.toNanos() / 1e6);
            assertThat(first).isLessThan(WELL_BEFORE);
            assertThat(second).isLessThan(WELL_BEFORE);
            assertThat(messagesIn("rpc-absent_svc")).as("no request left to run later").isZero();
        }
    }

    private static ServiceContainer runGreeter() {
        ServiceContainer container = new ServiceContainer(Greeter.class, broker.config());
        await(container.start(vertx));
        return container;
    }

    /** Messages waiting in {@code queue}, which has no consumer (none unacknowledged), as the broker counts them. */
    private static int messagesIn(String queue) throws Exception {
        Channel channel = broker.raw().createChannel();
        try {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } finally {
            channel.close();
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
