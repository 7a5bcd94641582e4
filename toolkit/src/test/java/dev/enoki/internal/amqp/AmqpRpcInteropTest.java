package dev.enoki.internal.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Delivery;
import dev.enoki.EnokiClient;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.UnknownService;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.json.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.enoki.internal.amqp.RabbitTestBroker.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Enoki and Nameko on one broker, with the Nameko side written in the plain RabbitMQ client: a raw caller calls an
 * Enoki service, and an Enoki {@code @RpcProxy} calls a raw stand-in service, with results, remote errors, unknown
 * services and methods, and context headers travelling both ways.
 */
class AmqpRpcInteropTest {
    private static RabbitTestBroker broker;
    private static Vertx vertx;
    private static ServiceContainer bridge;
    private static RawNamekoService nameko;
    private static RawRpcClient raw;
    private static EnokiClient client;
    private static final BlockingQueue<WorkerContext> workers = new ArrayBlockingQueue<>(100);

    @Service("interop_bridge")
    public static class Bridge {
        @RpcProxy("interop_nameko")
        ServiceProxy nameko;

        @RpcProxy("interop_ghost")
        ServiceProxy ghost;

        @Rpc
        public String echo(String text) {
            return text;
        }

        @Rpc
        public Object relay(String method, List<Object> args) {
            return nameko.callWithKwargs(method, Object.class, args, Map.of());
        }

        @Rpc
        public Object haunt() {
            return ghost.call("boo");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        broker = RabbitTestBroker.freshVhost();
        vertx = Vertx.vertx();
        nameko = new RawNamekoService(broker.raw(), "interop_nameko", AmqpRpcInteropTest::answer);
        bridge = new ServiceContainer(Bridge.class, broker.config());
        bridge.addWorkerListener(new WorkerListener() {
            @Override
            public void workerStarted(WorkerContext worker) {
                workers.add(worker);
            }
        });
        await(bridge.start(vertx));
        raw = new RawRpcClient(broker.raw());
        client = await(EnokiClient.connect(vertx, broker.config()));
    }

    /** What the stand-in Nameko service answers, by method. */
    private static String answer(Delivery request) {
        try {
            JsonNode args = Json.mapper().readTree(request.getBody()).get("args");
            return switch (RawNamekoService.methodOf(request)) {
                case "add" -> "{\"result\": " + (args.get(0).asInt() + args.get(1).asInt()) + ", \"error\": null}";
                case "boom" -> "{\"result\": null, \"error\": {\"exc_type\": \"ValueError\", \"exc_path\": "
                        + "\"builtins.ValueError\", \"exc_args\": [\"bad value\", \"X\"], \"value\": \"('bad value', 'X')\"}}";
                default -> "{\"result\": null, \"error\": {\"exc_type\": \"MethodNotFound\", \"exc_path\": "
                        + "\"nameko.exceptions.MethodNotFound\", \"exc_args\": [\"" + RawNamekoService.methodOf(request)
                        + "\"], \"value\": \"" + RawNamekoService.methodOf(request) + "\"}}";
            };
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stop() {
        client.close();
        await(bridge.stop());
        await(vertx.close());
        broker.close();
    }

    @Test
    void rawNamekoCallerGetsEnokiResultAndItsContextReachesTheWorker() throws Exception {
        workers.clear();
        Delivery reply = raw.call("interop_bridge.echo", "{\"args\": [\"h\\u00e9llo\"], \"kwargs\": {}}",
                Map.of("nameko.call_id_stack", List.of("standalone_rpc_proxy.call.abc"),
                        "nameko.language", "en-gb", "nameko.user_id", 7, "x-foreign", "bar"));
        assertThat(Json.mapper().readTree(reply.getBody()))
                .isEqualTo(Json.mapper().readTree("{\"result\": \"h\\u00e9llo\", \"error\": null}"));
        WorkerContext worker = workers.poll(5, TimeUnit.SECONDS);
        assertThat(worker.language()).isEqualTo("en-gb");
        assertThat(worker.data()).containsEntry("user_id", 7).containsEntry("x-foreign", "bar");
        assertThat(worker.callIdStack()).hasSize(2).startsWith("standalone_rpc_proxy.call.abc");
        assertThat(worker.callIdStack().get(1)).startsWith("interop_bridge.echo.");
    }

    @Test
    void enokiProxyGetsNamekoResultAndSendsItsContext() throws Exception {
        int before = nameko.requests().size();
        Object result = client.withContextData(Map.of("language", "fr", "auth_token", "tok-xyz"))
                .proxy("interop_bridge").call("relay", "add", List.of(1, 2));
        assertThat(result).isEqualTo(3);
        Delivery request = nameko.requests().get(before);
        Map<String, Object> headers = request.getProperties().getHeaders();
        assertThat(headers.get("nameko.language").toString()).isEqualTo("fr");
        assertThat(headers.get("nameko.auth_token").toString()).isEqualTo("tok-xyz");
        List<?> stack = (List<?>) headers.get("nameko.call_id_stack");
        assertThat(stack).hasSize(2);
        assertThat(stack.get(0).toString()).startsWith("standalone_rpc_proxy.call.");
        assertThat(stack.get(1).toString()).startsWith("interop_bridge.relay.");
    }

    @Test
    void aCallMadeOffTheEventLoopIsSentAndAnsweredWithoutOne() throws Exception {
        ServiceProxy bridgeProxy = client.proxy("interop_bridge");
        assertThat(bridgeProxy.call("echo", String.class, "first")).isEqualTo("first");   // the reply queue is up
        CompletableFuture<Boolean> answeredOnEventLoop = new CompletableFuture<>();

        String reply = bridgeProxy.callAsync("echo", String.class, "second")
                .onComplete(r -> answeredOnEventLoop.complete(Context.isOnEventLoopThread()))
                .await(10, TimeUnit.SECONDS);

        assertThat(reply).isEqualTo("second");
        assertThat(answeredOnEventLoop.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void namekoExceptionBecomesRemoteErrorWithItsTypeAndValue() {
        assertThatThrownBy(() -> client.proxy("interop_nameko").call("boom"))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("ValueError");
                    assertThat(e.excPath()).isEqualTo("builtins.ValueError");
                    assertThat(e.excArgs()).containsExactly("bad value", "X");
                    assertThat(e.value()).isEqualTo("('bad value', 'X')");
                });
    }

    @Test
    void namekoMethodNotFoundBecomesMethodNotFound() {
        assertThatThrownBy(() -> client.proxy("interop_nameko").call("nope"))
                .isInstanceOf(MethodNotFound.class).hasMessage("nope");
    }

    @Test
    void callToUnknownServiceFailsWithUnknownServiceBeforeTheDeadline() {
        ServiceProxy ghost = client.withTimeout(Duration.ofMinutes(5)).proxy("interop_nobody");
        long started = System.nanoTime();
        assertThatThrownBy(() -> ghost.call("anything")).isInstanceOf(UnknownService.class)
                .hasMessage("Unknown service `interop_nobody`");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void unknownServiceInsideAWorkerReachesTheRawCallerAsNamekoErrorDict() throws Exception {
        JsonNode error = Json.mapper().readTree(raw.call("interop_bridge.haunt", "{\"args\": [], \"kwargs\": {}}")
                .getBody()).get("error");
        assertThat(error.get("exc_type").asText()).isEqualTo("UnknownService");
        assertThat(error.get("exc_path").asText()).isEqualTo("nameko.exceptions.UnknownService");
        assertThat(error.get("value").asText()).isEqualTo("Unknown service `interop_ghost`");
    }
}
