package dev.enoki.internal.eventbus;

import dev.enoki.Rpc;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import dev.enoki.transport.RpcOutcome;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Subscription;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Calls within one JVM are settled by the serving instance in place of a reply message. */
class LocalCallsTest {
    static final Promise<String> never = Promise.promise();

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private final ContainerFactory factory = new ContainerFactory();

    @Service("in_place")
    public static class InPlace {
        @Rpc
        public String hello(String name) {
            return "Hello, " + name + "!";
        }

        @Rpc
        public Future<String> later(String name) {
            return Future.succeededFuture("Later, " + name + "!");
        }

        @Rpc
        public Future<String> never() {
            return never.future();
        }

    }

    @AfterEach
    void close() {
        release.countDown();
        factory.close();
    }

    @Test
    void aCallInOneJvmIsAnsweredWithoutAReplyAddressOrReplyMessage() {
        List<String> sentTo = new CopyOnWriteArrayList<>();
        Handler<DeliveryContext<Object>> record = delivery -> {
            sentTo.add(delivery.message().address());
            delivery.next();
        };
        factory.vertx().eventBus().addOutboundInterceptor(record);
        factory.start(InPlace.class);
        ServiceProxy proxy = factory.client().proxy("in_place");

        assertThat(proxy.call("hello", String.class, "Matt")).isEqualTo("Hello, Matt!");
        assertThat(Futures.await(proxy.callAsync("later", String.class, "Matt"))).isEqualTo("Later, Matt!");

        assertThat(sentTo).filteredOn(a -> a.startsWith("enoki.rpc.in_place.instance.")).hasSize(2);
        assertThat(sentTo).noneMatch(a -> a.startsWith("__vertx.reply."));
    }

    @Test
    void aCallNobodyAnswersFailsAtItsDeadline() {
        factory.start(InPlace.class);
        ServiceProxy proxy = factory.client().proxy("in_place").withTimeout(Duration.ofMillis(300));

        assertThatThrownBy(() -> proxy.call("never", String.class)).isInstanceOf(RpcTimeout.class);
        never.tryComplete("too late");   // a reply after the deadline is ignored
        assertThat(proxy.call("hello", String.class, "Matt")).isEqualTo("Hello, Matt!");
    }

    @Test
    void aCallWaitingAtAnInstanceThatStopsConsumingFailsAtOnceNotAtItsDeadline() throws Exception {
        LocalRegistry registry = LocalRegistry.of(factory.vertx());
        Transport transport = new EventBusTransportFactory().create(factory.vertx(), new JsonObject(), registry, "t");
        Buffer done = ReplyBody.of("done");
        Subscription serving = Futures.await(transport.serveRpc("held", 10, request -> {
            entered.countDown();
            awaitRelease();   // holds the consumer's event loop: the next request waits in the consumer
            return Future.succeededFuture(RpcOutcome.reply(done));
        }));
        ServiceRecord.Builder record = ServiceRecord.builder("held", "held-1", "node", "eventbus")
                .method(new ServiceRecord.RpcMethod("hello", List.of(), "java.lang.String"));
        transport.describe(record);
        Futures.await(registry.publish(record.build()));
        Future<Buffer> first = transport.call(helloTo("held"));
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Buffer> waiting = transport.call(helloTo("held"));

        serving.cancel();
        release.countDown();

        await().atMost(Duration.ofSeconds(30)).until(waiting::isComplete);
        assertThat(waiting.cause()).isInstanceOf(RpcTimeout.class);
        assertThat(Futures.await(first)).isEqualTo(done);
    }

    private static RpcRequest helloTo(String service) {
        return new RpcRequest(service, "hello", Buffer.buffer("{\"args\":[],\"kwargs\":{}}"), Map.of(),
                System.currentTimeMillis() + Duration.ofMinutes(5).toMillis());
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
