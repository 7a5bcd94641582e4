package dev.enoki.rpc;

import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.RpcTimeout;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.UnknownService;
import dev.enoki.internal.eventbus.EventBusTransportFactory;
import dev.enoki.json.Json;
import dev.enoki.registry.LocalRegistry;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import dev.enoki.transport.RpcRequest;
import dev.enoki.transport.Transport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RpcTest {
    private final ContainerFactory factory = new ContainerFactory();
    private ServiceProxy calc;

    public record Item(String sku, int quantity) {
    }

    public record Order(String customer, List<Item> lines) {
    }

    public static class OutOfStock extends Exception {
        public OutOfStock(String message) {
            super(message);
        }
    }

    @Service("calc")
    public static class Calc {
        @Rpc
        public int add(int a, int b) {
            return a + b;
        }

        @Rpc
        public int count(List<Item> items) {
            return items.stream().mapToInt(Item::quantity).sum();
        }

        @Rpc
        public String greet(String name, Optional<String> greeting) {
            return greeting.orElse("Hello") + ", " + name + "!";
        }

        @Rpc
        public int units(Order order) {
            return order.lines().stream().mapToInt(Item::quantity).sum();
        }

        @Rpc
        public Item first(List<Item> items) {
            return items.get(0);
        }

        @Rpc(expectedExceptions = OutOfStock.class)
        public void reserve(String sku) throws OutOfStock {
            throw new OutOfStock("no " + sku + " left");
        }

        @Rpc
        public Object unserializable() {
            return new Object() {
                public Object getSelf() {
                    throw new IllegalStateException("cannot look at me");
                }
            };
        }

        @Rpc
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }
    }

    /** Typed view of calc, as a caller writes it. */
    public interface CalcApi {
        int add(int a, int b);

        Future<Integer> count(List<Item> items);

        void reserve(String sku) throws OutOfStock;

        int missing();
    }

    @BeforeEach
    void start() {
        factory.start(Calc.class);
        calc = factory.client().proxy("calc");
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void positionalAndKeywordArgumentsBindByPositionAndName() {
        assertThat(calc.call("add", Integer.class, 2, 3)).isEqualTo(5);
        assertThat(calc.<Integer>callWithKwargs("add", Integer.class, List.of(2), Map.of("b", 40))).isEqualTo(42);
        assertThat(calc.call("greet", String.class, "Matt")).isEqualTo("Hello, Matt!");
        assertThat(calc.<String>callWithKwargs("greet", String.class, List.of(), Map.of("name", "Ann", "greeting", "Hi")))
                .isEqualTo("Hi, Ann!");
    }

    @Test
    void recordsAndGenericListsBindBothWays() {
        List<Item> items = List.of(new Item("tea", 2), new Item("cake", 3));
        assertThat(calc.call("count", Integer.class, items)).isEqualTo(5);
        assertThat(calc.call("first", Item.class, items)).isEqualTo(new Item("tea", 2));
        assertThat(calc.call("first", items)).isEqualTo(Map.of("sku", "tea", "quantity", 2));
    }

    @Test
    void typedProxyCallsBlockingAndAsyncAndRethrowsDeclaredExceptions() {
        CalcApi api = factory.client().proxy("calc", CalcApi.class);
        assertThat(api.add(1, 2)).isEqualTo(3);
        assertThat(Futures.await(api.count(List.of(new Item("x", 7))))).isEqualTo(7);
        assertThatThrownBy(() -> api.reserve("tea")).isInstanceOf(OutOfStock.class).hasMessage("no tea left");
        assertThatThrownBy(api::missing).isInstanceOf(MethodNotFound.class).hasMessage("missing");
    }

    @Test
    void unknownMethodRepliesMethodNotFound() {
        assertThatThrownBy(() -> calc.call("nope")).isInstanceOf(MethodNotFound.class).hasMessage("nope");
    }

    @Test
    void wrongArityRepliesIncorrectSignature() {
        assertThatThrownBy(() -> calc.call("add", 1, 2, 3)).isInstanceOf(IncorrectSignature.class)
                .hasMessage("add() takes 2 positional arguments but 3 were given");
        assertThatThrownBy(() -> calc.call("add", 1)).isInstanceOf(IncorrectSignature.class)
                .hasMessage("add() missing required argument: 'b'");
        assertThatThrownBy(() -> calc.callWithKwargs("add", Object.class, List.of(1, 2), Map.of("c", 3)))
                .isInstanceOf(IncorrectSignature.class).hasMessageContaining("unexpected keyword argument 'c'");
        assertThatThrownBy(() -> calc.callWithKwargs("add", Object.class, List.of(1, 2), Map.of("a", 3)))
                .isInstanceOf(IncorrectSignature.class).hasMessageContaining("multiple values for argument 'a'");
    }

    @Test
    void wrongTypesReplyIncorrectSignature() {
        assertThatThrownBy(() -> calc.call("add", "one", 2)).isInstanceOf(IncorrectSignature.class)
                .hasMessageContaining("argument 'a' must be int");
        assertThatThrownBy(() -> calc.callWithKwargs("add", Object.class, java.util.Arrays.asList(null, 2), Map.of()))
                .isInstanceOf(IncorrectSignature.class);
        assertThatThrownBy(() -> calc.call("count", Map.of("not", "a list"))).isInstanceOf(IncorrectSignature.class);
    }

    @Test
    void aValueThatDoesNotBindNamesTheParameterAndTheFieldPathWhileUnknownFieldsAreIgnored() {
        Map<String, Object> wrongType = Map.of("customer", "ann", "lines",
                List.of(Map.of("sku", "tea", "quantity", 1), Map.of("sku", "cake", "quantity", "two")));
        assertThatThrownBy(() -> calc.call("units", wrongType)).isInstanceOf(IncorrectSignature.class)
                .hasMessage("units() argument 'order' must be dev.enoki.rpc.RpcTest$Order: "
                        + "order.lines[1].quantity must be int, not \"two\"");

        Map<String, Object> missingPrimitive = Map.of("customer", "ann", "lines", List.of(Map.of("sku", "tea")));
        assertThatThrownBy(() -> calc.callWithKwargs("units", Object.class, List.of(), Map.of("order", missingPrimitive)))
                .isInstanceOf(IncorrectSignature.class)
                .hasMessageContaining("order.lines[0].quantity is missing or null, and an int cannot be")
                .hasMessageNotContainingAny("DeserializationConfig", "DeserializationFeature");

        Map<String, Object> extraFields = Map.of("customer", "ann", "gift", true,
                "lines", List.of(Map.of("sku", "tea", "quantity", 2, "colour", "green")));
        assertThat(calc.call("units", Integer.class, extraFields)).isEqualTo(2);
    }

    @Test
    void undecodablePayloadsReplyMalformedRequest() {
        Transport raw = new EventBusTransportFactory()
                .create(factory.vertx(), new JsonObject(), LocalRegistry.of(factory.vertx()), "test");
        for (String body : List.of("{not json", "[1, 2]", "{\"args\": []}", "{\"args\": {}, \"kwargs\": {}}", "")) {
            Buffer reply = Futures.await(raw.call(new RpcRequest("calc", "add", Buffer.buffer(body), Map.of(),
                    System.currentTimeMillis() + 5000)));
            assertThatThrownBy(() -> ReplyBody.result(reply, Json.type(Object.class)))
                    .as(body).isInstanceOf(MalformedRequest.class);
        }
        assertThat(calc.call("add", Integer.class, 1, 1)).isEqualTo(2);   // still serving
    }

    @Test
    void aListedServiceWhoseHandlerIsMissingForAMomentIsReachedWhenItComesBackAndUnknownOnceUnlisted() {
        LocalRegistry registry = LocalRegistry.of(factory.vertx());
        Transport raw = new EventBusTransportFactory().create(factory.vertx(), new JsonObject(), registry, "test");
        ServiceRecord listed = listedWithHello("late");
        Futures.await(registry.publish(listed));
        Future<Buffer> waiting = raw.call(helloTo("late", 10_000));

        // The handler comes only after the call found none: the call waits for it instead of failing.
        MessageConsumer<Buffer> handler = Futures.await(answerHiAfter300Millis("late"));
        assertThat(ReplyBody.<String>result(Futures.await(waiting), Json.type(String.class))).isEqualTo("hi");

        Futures.await(handler.unregister());
        Futures.await(registry.withdraw(listed));
        RpcRequest bye = new RpcRequest("late", "bye", Buffer.buffer("{\"args\":[],\"kwargs\":{}}"), Map.of(),
                System.currentTimeMillis() + 10_000);
        assertThatThrownBy(() -> Futures.await(raw.call(bye))).isInstanceOf(UnknownService.class);
    }

    @Test
    void aCallWhileEveryListedInstanceIsSkippedAsUnreachableWaitsForOneInsteadOfFailingAsUnknown() {
        LocalRegistry registry = LocalRegistry.of(factory.vertx());
        Transport raw = new EventBusTransportFactory().create(factory.vertx(), new JsonObject(), registry, "test");
        ServiceRecord listed = listedWithHello("flaky");
        Futures.await(registry.publish(listed));
        // Finds nobody at the instance's address, which the balancer then skips for a while.
        assertThatThrownBy(() -> Futures.await(raw.call(helloTo("flaky", 300)))).isInstanceOf(RpcTimeout.class);

        Future<Buffer> waiting = raw.call(helloTo("flaky", 10_000));
        MessageConsumer<Buffer> handler = Futures.await(answerHiAfter300Millis("flaky"));
        assertThat(ReplyBody.<String>result(Futures.await(waiting), Json.type(String.class))).isEqualTo("hi");

        Futures.await(handler.unregister());
        Futures.await(registry.withdraw(listed));
    }

    /** A record of one instance of {@code service} on the event bus, offering {@code hello()}, that nobody serves. */
    private static ServiceRecord listedWithHello(String service) {
        return new ServiceRecord(service, service + "-1", "node", "eventbus", 0L,
                List.of(new ServiceRecord.RpcMethod("hello", List.of(), "java.lang.String")), List.of(),
                new JsonObject().put(ServiceRecord.ADDRESS, "enoki.rpc." + service + ".instance." + service + "-1"));
    }

    private static RpcRequest helloTo(String service, long timeoutMillis) {
        return new RpcRequest(service, "hello", Buffer.buffer("{\"args\":[],\"kwargs\":{}}"), Map.of(),
                System.currentTimeMillis() + timeoutMillis);
    }

    /** A handler on the service's shared address, registered only after the calls made meanwhile found none. */
    private Future<MessageConsumer<Buffer>> answerHiAfter300Millis(String service) {
        Buffer hi = Buffer.buffer("{\"result\":\"hi\",\"error\":null}");
        return factory.vertx().timer(300).map(t -> factory.vertx().eventBus()
                .<Buffer>consumer("enoki.rpc." + service, m -> m.reply(hi)));
    }

    @Test
    void unknownServiceFailsAtOnceNotAfterTheTimeout() {
        ServiceProxy ghost = factory.client().proxy("ghost").withTimeout(Duration.ofMinutes(5));
        assertThatThrownBy(() -> ghost.call("boo")).isInstanceOf(UnknownService.class)
                .hasMessage("Unknown service `ghost`");
    }

    @Test
    void eventBusRequestWithoutItsCallHeaderGetsMalformedRequestAndTheServiceKeepsServing() {
        Message<Buffer> reply = Futures.await(factory.vertx().eventBus().<Buffer>request("enoki.rpc.calc",
                Buffer.buffer("{\"args\": [1, 2], \"kwargs\": {}}")));
        io.vertx.core.json.JsonObject error = new io.vertx.core.json.JsonObject(reply.body()).getJsonObject("error");
        assertThat(error.getString("exc_type")).isEqualTo("MalformedRequest");
        assertThat(error.getString("value")).contains("enoki-call");
        assertThat(calc.call("add", Integer.class, 2, 3)).isEqualTo(5);
    }

    @Test
    void eventBusRequestWhoseBodyIsNoBufferGetsMalformedRequestAndTheServiceKeepsServing() {
        Message<Buffer> reply = Futures.await(factory.vertx().eventBus().<Buffer>request("enoki.rpc.calc",
                "{\"args\": [1, 2], \"kwargs\": {}}",
                new io.vertx.core.eventbus.DeliveryOptions().addHeader("enoki-call", "0\n{}\nadd")));
        io.vertx.core.json.JsonObject error = new io.vertx.core.json.JsonObject(reply.body()).getJsonObject("error");
        assertThat(error.getString("exc_type")).isEqualTo("MalformedRequest");
        assertThat(error.getString("value")).contains("not a String");
        assertThat(calc.call("add", Integer.class, 2, 3)).isEqualTo(5);
    }

    @Test
    void remoteExceptionKeepsItsTypeAndMessage() {
        assertThatThrownBy(() -> calc.call("reserve", "tea"))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("OutOfStock");
                    assertThat(e.excPath()).isEqualTo(OutOfStock.class.getName());
                    assertThat(e.excArgs()).containsExactly("no tea left");
                    assertThat(e.value()).isEqualTo("no tea left");
                });
    }

    @Test
    void unserializableResultRepliesUnserializableValueError() {
        assertThatThrownBy(() -> calc.call("unserializable")).isInstanceOf(RemoteError.class)
                .hasMessageStartingWith("UnserializableValueError Unserializable value");
    }

    @Test
    void callPastItsDeadlineFailsWithRpcTimeout() {
        assertThatThrownBy(() -> calc.withTimeout(Duration.ofMillis(200)).call("sleep", 2_000))
                .isInstanceOf(RpcTimeout.class);
        assertThat(calc.call("add", Integer.class, 1, 1)).isEqualTo(2);
    }

    @Test
    void containerKeepsServingAfterEveryKindOfBadCall() {
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> calc.call("nope")).isInstanceOf(MethodNotFound.class);
            assertThatThrownBy(() -> calc.call("add", "x", "y")).isInstanceOf(IncorrectSignature.class);
        }
        assertThat(calc.call("add", Integer.class, 20, 22)).isEqualTo(42);
    }
}
