package dev.enoki.internal.amqp;

import dev.enoki.EnokiClient;
import dev.enoki.Rpc;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replies and confirms are read on a connection's reader thread, but a caller outside Vert.x continues elsewhere:
 * its continuation may block, even on another call or publish, without holding up the reply or confirm that would
 * end the wait.
 */
class AmqpCallerContinuationsTest {
    private final RabbitTestBroker broker = RabbitTestBroker.freshVhost();
    private final Vertx vertx = Vertx.vertx();

    @Service("continuations_svc")
    public static class Echo {
        @Rpc
        public String echo(String text) {
            return text;
        }
    }

    @AfterEach
    void cleanUp() {
        await(vertx.close());
        broker.close();
    }

    @Test
    void aCallsContinuationOutsideVertxMayWaitForAnotherCall() throws Exception {
        ServiceContainer service = new ServiceContainer(Echo.class, broker.config());
        await(service.start(vertx));
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config().put("rpc_timeout", "10s")));
        ServiceProxy proxy = client.proxy("continuations_svc");

        // The first call makes the reply queue on the client's event loop; the later one is answered on the
        // consuming connection's reader, which could not read the nested reply while the continuation waits.
        for (String call : List.of("first", "later")) {
            CompletableFuture<String> nested = new CompletableFuture<>();
            proxy.callAsync("echo", String.class, call).onComplete(outer -> {
                try {
                    nested.complete(outer.result() + " then " + proxy.call("echo", String.class, "nested"));
                } catch (RuntimeException e) {
                    nested.completeExceptionally(e);
                }
            });
            assertThat(nested.get(30, TimeUnit.SECONDS)).as(call).isEqualTo(call + " then nested");
        }
        client.close();
        await(service.stop());
    }

    @Test
    void aDispatchsContinuationOutsideVertxMayWaitForAnotherDispatch() throws Exception {
        EnokiClient client = await(EnokiClient.connect(vertx, broker.config()));

        // The first dispatch declares the exchange on the client's event loop; the later one is confirmed on the
        // publishing connection's reader, which could not read the nested confirm while the continuation waits.
        for (String dispatch : List.of("first", "later")) {
            CompletableFuture<String> nested = new CompletableFuture<>();
            client.dispatchAsync("continuations_src", dispatch, "one").onComplete(outer -> {
                try {
                    client.dispatch("continuations_src", "nested", "two");
                    nested.complete(outer.succeeded() + " then confirmed");
                } catch (RuntimeException e) {
                    nested.completeExceptionally(e);
                }
            });
            assertThat(nested.get(30, TimeUnit.SECONDS)).as(dispatch).isEqualTo("true then confirmed");
        }
        client.close();
    }
}
