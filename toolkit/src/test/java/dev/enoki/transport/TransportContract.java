package dev.enoki.transport;

import dev.enoki.EnokiClient;
import dev.enoki.IncorrectSignature;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.UnknownService;
import dev.enoki.WorkerContext;
import dev.enoki.WorkerListener;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import dev.enoki.transport.ContractServices.CalcApi;
import dev.enoki.transport.ContractServices.Gate;
import dev.enoki.transport.ContractServices.Item;
import dev.enoki.transport.ContractServices.OutOfStock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What every transport promises a service and its callers, run once per transport by a subclass that says which
 * config selects it: results, every typed error, deadlines, context data and call id stacks, the three event
 * handler types, and what becomes of work in flight when a container stops or is killed.
 */
abstract class TransportContract {
    /** Far beyond any answer due at once, and far below the work it must not wait for: a hang, not a speed. */
    private static final Duration AT_ONCE = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(15);

    private ContainerFactory factory;
    /** Workers finished without error, per "instance.method". */
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

    /** The config every container and client of a test gets; it is what picks the transport. */
    protected abstract JsonObject config();

    /**
     * How a call ends whose instance was killed while it ran the call, another instance being up: given back to be
     * answered there where a broker holds it, or failed at once where none does.
     */
    protected abstract void assertCallOfAKilledInstance(Future<Integer> call);

    @BeforeEach
    void startFactory() {
        factory = new ContainerFactory(config());
        Gate.close();
        ContractServices.SOLD_SEEN.clear();
    }

    @AfterEach
    void closeFactory() {
        Gate.open();
        factory.close();
    }

    @Test
    void resultsComeBackBoundToTheTypeAskedFor() {
        factory.start(ContractServices.Calc.class);
        ServiceProxy calc = factory.client().proxy("contract_calc");
        assertThat(calc.call("add", Integer.class, 2, 3)).isEqualTo(5);
        assertThat(calc.<Integer>callWithKwargs("add", Integer.class, List.of(2), Map.of("b", 40))).isEqualTo(42);
        assertThat(calc.<String>callWithKwargs("greet", String.class, List.of(), Map.of("name", "Ann")))
                .isEqualTo("Hello, Ann!");
        List<Item> items = List.of(new Item("tea", 2), new Item("cake", 3));
        assertThat(calc.call("first", Item.class, items)).isEqualTo(new Item("tea", 2));
        assertThat(calc.call("first", items)).isEqualTo(Map.of("sku", "tea", "quantity", 2));
    }

    @Test
    void remoteExceptionsKeepTheirTypeAndDeclaredOnesAreRethrownAsThemselves() {
        factory.start(ContractServices.Calc.class);
        assertThatThrownBy(() -> factory.client().proxy("contract_calc").call("reserve", "tea"))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo("OutOfStock");
                    assertThat(e.excPath()).isEqualTo(OutOfStock.class.getName());
                    assertThat(e.excArgs()).containsExactly("no tea left");
                });
        CalcApi api = factory.client().proxy("contract_calc", CalcApi.class);
        assertThatThrownBy(() -> api.reserve("tea")).isInstanceOf(OutOfStock.class).hasMessage("no tea left");
    }

    @Test
    void unknownMethodsAndBadArgumentsGetTheirTypedErrorsAndTheServiceKeepsServing() {
        factory.start(ContractServices.Calc.class);
        ServiceProxy calc = factory.client().proxy("contract_calc");
        assertThatThrownBy(() -> calc.call("nope")).isInstanceOf(MethodNotFound.class).hasMessage("nope");
        assertThatThrownBy(() -> factory.client().proxy("contract_calc", CalcApi.class).missing())
                .isInstanceOf(MethodNotFound.class).hasMessage("missing");
        assertThatThrownBy(() -> calc.call("add", 1, 2, 3)).isInstanceOf(IncorrectSignature.class)
                .hasMessage("add() takes 2 positional arguments but 3 were given");
        assertThatThrownBy(() -> calc.callWithKwargs("add", Object.class, List.of(1, 2), Map.of("c", 3)))
                .isInstanceOf(IncorrectSignature.class).hasMessageContaining("unexpected keyword argument 'c'");
        assertThatThrownBy(() -> calc.call("add", "one", 2)).isInstanceOf(IncorrectSignature.class)
                .hasMessageContaining("argument 'a' must be int");
        assertThat(calc.call("add", Integer.class, 20, 22)).isEqualTo(42);
    }

    @Test
    void undecodableRequestBodiesGetMalformedRequest() {
        factory.start(ContractServices.Calc.class);
        Context context = factory.vertx().getOrCreateContext();
        Transport raw = TransportFactory.forConfig(config()).create(factory.vertx(), config(),
                RegistryFactory.forVertx(factory.vertx(), config()), "contract_raw");
        Futures.await(on(context, raw::start));
        try {
            for (String body : List.of("{not json", "[1, 2]")) {
                RpcRequest request = new RpcRequest("contract_calc", "add", Buffer.buffer(body), Map.of(),
                        System.currentTimeMillis() + WAIT.toMillis());
                JsonObject reply = new JsonObject(Futures.await(on(context, () -> raw.call(request))));
                assertThat(reply.getJsonObject("error").getString("exc_type")).as(body).isEqualTo("MalformedRequest");
            }
        } finally {
            Futures.await(on(context, raw::kill));
        }
    }

    @Test
    void aServiceNobodyServesIsUnknownAtOnceNotAtTheDeadline() {
        ServiceProxy ghost = factory.client().proxy("contract_ghost").withTimeout(Duration.ofMinutes(5));
        assertTimeoutPreemptively(AT_ONCE, () -> assertThatThrownBy(() -> ghost.call("boo"))
                .isInstanceOf(UnknownService.class).hasMessage("Unknown service `contract_ghost`"));
    }

    @Test
    void aCallPastItsDeadlineFailsWithRpcTimeoutAtTheDeadlineNotWhenTheWorkEnds() {
        factory.start(ContractServices.Calc.class);
        ServiceProxy calc = factory.client().proxy("contract_calc");
        // The held work would last a minute: only the 300 ms deadline can end the call within AT_ONCE.
        assertTimeoutPreemptively(AT_ONCE, () -> assertThatThrownBy(
                () -> calc.withTimeout(Duration.ofMillis(300)).call("hold", 1)).isInstanceOf(RpcTimeout.class));
        Gate.open();
        assertThat(calc.call("add", Integer.class, 1, 1)).isEqualTo(2);
    }

    @Test
    void aWorkersCallsArriveWithWhatIsLeftOfItsOwnDeadline() {
        factory.start(ContractServices.Relay.class);
        factory.start(ContractServices.Report.class);
        long before = System.currentTimeMillis();

        // relay's proxy would give its call the 30 s default; the 20 s its own caller waits is all it may use
        List<?> deadlines = factory.client().proxy("contract_relay").withTimeout(Duration.ofSeconds(20))
                .call("deadlines", List.class);

        long relays = ((Number) deadlines.get(0)).longValue();
        assertThat(relays).isBetween(before + 20_000, System.currentTimeMillis() + 20_000);
        assertThat(((Number) deadlines.get(1)).longValue()).isEqualTo(relays);
    }

    @Test
    void aCallMadeAfterTheDeadlineOfTheCallBeingServedFailsWithRpcTimeoutUnsent() throws InterruptedException {
        factory.start(ContractServices.Relay.class);
        factory.start(ContractServices.Report.class);
        ContractServices.LATE_CALLS.clear();
        ContractServices.REPORTS.set(0);

        assertThatThrownBy(() -> factory.client().proxy("contract_relay").withTimeout(Duration.ofMillis(300))
                .call("late")).isInstanceOf(RpcTimeout.class);

        assertThat(ContractServices.LATE_CALLS.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("RpcTimeout");
        assertThat(ContractServices.REPORTS).hasValue(0);
    }

    @Test
    void aServiceThatKeepsFailingIsCutOffByItsCallersBreakerAndNoLongerReached() {
        factory.start(ContractServices.Relay.class);
        factory.start(ContractServices.Report.class);
        ContractServices.REPORTS.set(0);

        List<Object> outcomes = List.copyOf(factory.client().proxy("contract_relay").call("callBroken", List.class, 25));

        // half of at least 20 calls failed: the breaker opens, and the calls after it fail at once, unsent
        assertThat(outcomes.subList(0, 20)).containsOnly("RemoteError");
        assertThat(outcomes.subList(20, 25)).containsOnly("CircuitOpen");
        assertThat(ContractServices.REPORTS).hasValue(20);
    }

    @Test
    void aMethodDeclaredIdempotentIsPublishedSoAndTriedAgainAfterATimeoutWithinTheCallersDeadline() {
        factory.start(ContractServices.Report.class);
        factory.start(ContractServices.Relay.class);
        ServiceProxy relay = factory.client().proxy("contract_relay").withTimeout(Duration.ofSeconds(3));
        ServiceRecord report = Futures.await(RegistryFactory.forVertx(factory.vertx(), config())
                .instances("contract_report")).get(0);
        assertThat(ServiceRecord.fromJson(report.toJson()).methods()).filteredOn(ServiceRecord.RpcMethod::idempotent)
                .extracting(ServiceRecord.RpcMethod::name).containsExactly("slowOnce");
        ContractServices.SLOW_RUNS.set(0);

        // 3 attempts: the first waits a third of relay's 3 s, and its run takes 1.5 s; the second is answered
        assertThat(relay.call("callSlowOnce", Integer.class, "slowOnce")).isEqualTo(2);

        ContractServices.SLOW_RUNS.set(0);
        assertThat(relay.call("callSlowOnce", Integer.class, "slowOnceNotDeclared")).as("waited for, never retried")
                .isEqualTo(1);
    }

    @Test
    void contextDataAndTheCallIdStackTravelAlongAChainOfCalls() {
        factory.start(ContractServices.Relay.class);
        factory.start(ContractServices.Report.class);
        EnokiClient client = factory.client().withContextData(Map.of("user_id", "u-42", "language", "fr"));

        Map<?, ?> seen = client.proxy("contract_relay").call("start", Map.class);

        assertThat(seen.get("user_id")).isEqualTo("u-42");
        assertThat(seen.get("language")).isEqualTo("fr");
        List<?> stack = (List<?>) seen.get("stack");
        assertThat(stack).hasSize(3);
        assertThat((String) stack.get(0)).startsWith("standalone_rpc_proxy.call.");
        assertThat((String) stack.get(1)).startsWith("contract_relay.start.");
        assertThat((String) stack.get(2)).startsWith("contract_report.report.");
        assertThat(seen.get("parent")).isEqualTo(stack.get(1));
    }

    @Test
    void anEventCarriesTheContextAndCallIdStackOfTheWorkerThatDispatchedIt() throws InterruptedException {
        counted(ContractServices.ListenerA.class, "a1");
        factory.start(ContractServices.Shop.class);
        factory.client().withContextData(Map.of("user_id", "u-7")).proxy("contract_shop").call("sell", "tea");

        Map<String, Object> seen = ContractServices.SOLD_SEEN.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(seen).as("the sold event was handled").isNotNull();
        assertThat(seen.get("user_id")).isEqualTo("u-7");
        List<?> stack = (List<?>) seen.get("stack");
        assertThat(stack).hasSize(3);
        assertThat((String) stack.get(1)).startsWith("contract_shop.sell.");
        assertThat((String) stack.get(2)).startsWith("contract_listener_a.sold.");
    }

    @Test
    void eachHandlerTypeReachesTheInstancesItPromises() {
        counted(ContractServices.ListenerA.class, "a1");
        counted(ContractServices.ListenerA.class, "a2");
        counted(ContractServices.ListenerB.class, "b1");
        EnokiClient client = factory.client();
        client.dispatch("contract_shop", "pooled", "tea");
        client.dispatch("contract_shop", "single", "tea");
        client.dispatch("contract_shop", "broad", "tea");

        // Pool: one instance of each service. Singleton: one instance in all. Broadcast: every instance.
        await().atMost(WAIT).until(() -> total("pooled") == 2 && total("single") == 1 && total("broad") == 3);
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> total("pooled") == 2 && total("single") == 1 && total("broad") == 3);
        assertThat(count("a1.pooled") + count("a2.pooled")).isEqualTo(1);
        assertThat(count("b1.pooled")).isEqualTo(1);
        assertThat(List.of("a1", "a2", "b1")).allSatisfy(n -> assertThat(count(n + ".broad")).isEqualTo(1));
    }

    @Test
    void aGracefulStopAnswersTheCallsInFlight() {
        ServiceContainer container = factory.start(ContractServices.Calc.class);
        Future<Integer> call = factory.client().proxy("contract_calc").callAsync("hold", Integer.class, 7);
        await().atMost(WAIT).until(() -> Gate.held() == 1);

        Future<Void> stopping = container.stop();
        Gate.open();

        assertThat(Futures.await(call, WAIT)).isEqualTo(70);
        Futures.await(stopping, WAIT);
        assertThat(container.isRunning()).isFalse();
    }

    @Test
    void aCallHeldByAKilledInstanceIsNotLeftUnanswered() {
        ServiceContainer first = factory.start(ContractServices.Calc.class);
        Future<Integer> call = factory.client().proxy("contract_calc").withTimeout(Duration.ofMinutes(5))
                .callAsync("hold", Integer.class, 4);
        await().atMost(WAIT).until(() -> Gate.held() == 1);
        factory.start(ContractServices.Calc.class);
        Gate.letNewWorkPass();

        Futures.await(first.kill(), WAIT);

        assertCallOfAKilledInstance(call);
    }

    @Test
    void anEventHeldByAKilledInstanceGoesBackAndAnotherInstanceHandlesIt() {
        ServiceContainer first = counted(ContractServices.Jobs.class, "first");
        factory.client().dispatch("contract_shop", "job", "j1");
        await().atMost(WAIT).until(() -> Gate.held() == 1);
        counted(ContractServices.Jobs.class, "second");
        Gate.letNewWorkPass();

        Futures.await(first.kill(), WAIT);

        await().atMost(WAIT).until(() -> count("second.job") == 1);
        assertThat(count("first.job")).isZero();
    }

    /** Starts an instance whose finished workers are counted under {@code name}. */
    private ServiceContainer counted(Class<?> service, String name) {
        ServiceContainer container = factory.create(service);
        container.addWorkerListener(new WorkerListener() {
            @Override
            public void workerFinished(WorkerContext worker, Object result, Throwable error) {
                if (error == null) {
                    handled.computeIfAbsent(name + "." + worker.methodName(), k -> new AtomicInteger())
                            .incrementAndGet();
                }
            }
        });
        return factory.start(container);
    }

    private int count(String key) {
        AtomicInteger n = handled.get(key);
        return n == null ? 0 : n.get();
    }

    private int total(String method) {
        return handled.entrySet().stream().filter(e -> e.getKey().endsWith("." + method))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Transports are driven from an event loop: runs {@code action} on {@code context} and hands its future over. */
    private static <T> Future<T> on(Context context, Supplier<Future<T>> action) {
        return Future.future(promise -> context.runOnContext(v -> action.get().onComplete(promise)));
    }
}
