package dev.enoki;

import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import dev.enoki.testing.HttpProbe;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Entrypoint methods that return a future run on the container's event loop, hold a worker slot until it completes. */
class NonBlockingEntrypointTest {
    private static final JsonObject CONFIG = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0");
    /** Where each method ran: its thread, and whether that thread was an event loop. */
    static final Queue<String> threads = new ConcurrentLinkedQueue<>();
    /** What the journal provider saw, in order, e.g. {@code "setup held"}, {@code "result held=7"}. */
    static final List<String> journal = new CopyOnWriteArrayList<>();
    /** The futures of {@code held} calls, by key, for a test to complete. */
    static final Map<String, Promise<Integer>> held = new ConcurrentHashMap<>();
    static final Queue<String> events = new ConcurrentLinkedQueue<>();

    private final ContainerFactory factory = new ContainerFactory(CONFIG);
    private ServiceContainer container;

    public static class OutOfStock extends Exception {
        public OutOfStock(String message) {
            super(message);
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    @DependencyAnnotation(JournalProvider.class)
    public @interface Journal {
    }

    /** Writes every hook of every worker to {@link #journal}, with the method name and, for a result, its value. */
    public static final class JournalProvider extends AbstractDependencyProvider<Journal, List<String>> {
        public JournalProvider() {
            super(Journal.class);
        }

        @Override
        public List<String> get(WorkerContext worker) {
            journal.add("get " + worker.methodName() + (worker.deadline() > 0 ? " with deadline" : ""));
            return journal;
        }

        @Override
        public void workerSetup(WorkerContext worker) {
            journal.add("setup " + worker.methodName());
        }

        @Override
        public void workerResult(WorkerContext worker, Object result, Throwable error) {
            journal.add("result " + worker.methodName() + "=" + (error != null ? error.getClass().getSimpleName()
                    : result));
        }

        @Override
        public void workerTeardown(WorkerContext worker) {
            journal.add("teardown " + worker.methodName());
        }
    }

    @Service("later")
    public static class Later {
        @Journal
        List<String> log;

        @RpcProxy("later")
        ServiceProxy self;

        private static void ranHere(String method) {
            threads.add(method + (Context.isOnEventLoopThread() ? " on event loop " : " on worker ")
                    + Thread.currentThread().getName() + (MDC.get("call_id") != null ? " with call id" : ""));
        }

        @Rpc
        public Future<String> greet(String name) {
            ranHere("greet");
            return Vertx.currentContext().owner().timer(5).map(t -> "Hello, " + name + "!");
        }

        @Rpc
        public CompletionStage<Integer> add(int a, int b) {
            ranHere("add");
            return CompletableFuture.supplyAsync(() -> a + b);   // completes on another thread
        }

        @Rpc(expectedExceptions = OutOfStock.class)
        public Future<Void> reserve(String sku) {
            return Future.failedFuture(new OutOfStock("no " + sku + " left"));
        }

        @Rpc(expectedExceptions = OutOfStock.class)
        public void reserveBlocking(String sku) throws OutOfStock {
            throw new OutOfStock("no " + sku + " left");
        }

        @Rpc
        public CompletionStage<Integer> divide(int a, int b) {
            return CompletableFuture.supplyAsync(() -> b).thenApply(d -> a / d);
        }

        @Rpc
        public int divideBlocking(int a, int b) {
            return a / b;
        }

        @Rpc
        public Future<Integer> held(String key) {
            ranHere("held");
            Promise<Integer> promise = Promise.promise();
            held.put(key, promise);
            return promise.future();
        }

        @Rpc
        public Future<String> greetTwice(String name) {
            return self.callAsync("greet", String.class, name).map(once -> once + " " + once);
        }

        @Rpc
        public String blocking() {
            ranHere("blocking");
            return "done";
        }

        @EventHandler(source = "shop", event = "sold")
        public Future<Void> onSold(String what) {
            ranHere("onSold");
            return Vertx.currentContext().owner().timer(5).map(t -> {
                events.add(what);
                return null;
            });
        }

        @Http(method = "GET", path = "/later/:name")
        public Future<String> page(String name) {
            ranHere("page");
            return Vertx.currentContext().owner().timer(5).map(t -> "page of " + name);
        }

        @Http(method = "GET", path = "/broken")
        public CompletionStage<String> broken() {
            return CompletableFuture.failedStage(new IllegalStateException("it broke"));
        }
    }

    @AfterEach
    void close() {
        factory.close();
        threads.clear();
        journal.clear();
        held.clear();
        events.clear();
    }

    private ServiceProxy later(JsonObject overrides) {
        container = factory.start(factory.create(Later.class, overrides));
        return factory.client().proxy("later");
    }

    @Test
    void anRpcReturningAFutureRepliesWithItsValueFromTheEventLoopNotAWorker() {
        ServiceProxy later = later(new JsonObject());

        assertThat(later.call("greet", String.class, "Ann")).isEqualTo("Hello, Ann!");
        assertThat(later.call("blocking", String.class)).isEqualTo("done");

        assertThat(threads).anySatisfy(t -> assertThat(t).startsWith("greet on event loop vert.x-eventloop-thread")
                .endsWith("with call id"));
        assertThat(threads).anySatisfy(t -> assertThat(t).startsWith("blocking on worker enoki-later-"));
    }

    @Test
    void aCompletionStageThatCompletesOnAnotherThreadRepliesWithItsValue() {
        ServiceProxy later = later(new JsonObject());

        assertThat(later.call("add", Integer.class, 2, 40)).isEqualTo(42);
        assertThat(threads).anySatisfy(t -> assertThat(t).startsWith("add on event loop"));
    }

    @Test
    void aFailedFutureRepliesExactlyAsTheSameExceptionThrownWould() {
        ServiceProxy later = later(new JsonObject());

        Throwable fromFuture = catchFailure(() -> later.call("reserve", "tea"));
        Throwable thrown = catchFailure(() -> later.call("reserveBlocking", "tea"));
        assertThat(fromFuture).isInstanceOf(RemoteError.class).hasMessage(thrown.getMessage());
        assertThat(((RemoteError) fromFuture).excType()).isEqualTo(((RemoteError) thrown).excType());

        Throwable fromStage = catchFailure(() -> later.call("divide", 1, 0));
        Throwable thrownToo = catchFailure(() -> later.call("divideBlocking", 1, 0));
        assertThat(fromStage).isInstanceOf(RemoteError.class).hasMessage(thrownToo.getMessage());
        assertThat(((RemoteError) fromStage).excType()).isEqualTo("ArithmeticException");
    }

    private static Throwable catchFailure(Runnable call) {
        try {
            call.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("the call did not fail");
    }

    @Test
    void theHooksAfterTheMethodWaitForItsFutureAndSeeItsValue() {
        ServiceProxy later = later(new JsonObject());

        Future<Integer> call = later.callAsync("held", Integer.class, "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey("a"));
        assertThat(journal).containsExactly("get held with deadline", "setup held");

        held.get("a").complete(7);   // from the test's thread: the worker goes on on its event loop

        assertThat(Futures.await(call)).isEqualTo(7);
        assertThat(journal).containsExactly("get held with deadline", "setup held", "result held=7", "teardown held");
    }

    @Test
    void nonBlockingWorkersTakeTheSameSlotsAsBlockingOnesAndBeyondTheQueueGetServiceBusy() {
        ServiceProxy later = later(new JsonObject().put("max_workers", 2).put("worker_queue_size", 1));

        List<Future<Integer>> calls = new ArrayList<>();
        for (String key : List.of("a", "b", "c", "d")) {
            calls.add(later.callAsync("held", Integer.class, key));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.stream().anyMatch(Future::failed));
        assertThat(calls.stream().filter(Future::failed).map(Future::cause))
                .singleElement().isInstanceOf(ServiceBusy.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
        assertThat(held).hasSize(2);   // the third waits for a slot

        held.values().forEach(p -> p.complete(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 3);
        held.values().forEach(p -> p.tryComplete(1));
        assertThat(calls.stream().filter(f -> !f.failed()).map(Futures::await)).containsExactly(1, 1, 1);
    }

    @Test
    void aNonBlockingMethodCallsOtherServicesThroughTheAsyncFormOfItsProxy() {
        ServiceProxy later = later(new JsonObject());

        assertThat(later.call("greetTwice", String.class, "Bo")).isEqualTo("Hello, Bo! Hello, Bo!");
    }

    @Test
    void anEventHandlerReturningAFutureRunsOnTheEventLoopAndTheEventIsDoneWhenItCompletes() {
        later(new JsonObject());

        factory.client().dispatch("shop", "sold", "tea");

        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("tea"));
        assertThat(threads).anySatisfy(t -> assertThat(t).startsWith("onSold on event loop"));
        await().atMost(Duration.ofSeconds(10)).until(() -> journal.contains("teardown onSold"));
        assertThat(journal).containsSubsequence("setup onSold", "result onSold=null", "teardown onSold");
    }

    @Test
    void anHttpEntrypointReturningAFutureAnswersWithItsValueOrItsFailure() {
        later(new JsonObject());
        HttpProbe web = HttpProbe.local(HttpProbe.nodePort(factory.vertx(), CONFIG));

        HttpResponse<String> page = web.get("/later/tea");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).isEqualTo("page of tea");
        assertThat(threads).anySatisfy(t -> assertThat(t).startsWith("page on event loop"));

        HttpResponse<String> broken = web.get("/broken");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("IllegalStateException").contains("it broke");
    }

    @Test
    void theRecordDescribesTheValueOfTheFutureAsTheMethodsResult() {
        later(new JsonObject());

        assertThat(container.record().toJson().encode()).contains("\"java.lang.String\"")
                .doesNotContain("io.vertx.core.Future");
    }

    @Test
    void aKilledContainerFailsTheNonBlockingCallsItWasWaitingFor() {
        ServiceProxy later = later(new JsonObject());
        Future<Integer> call = later.callAsync("held", Integer.class, "k");
        await().atMost(Duration.ofSeconds(10)).until(() -> held.containsKey("k"));

        Futures.await(container.kill());

        assertThatThrownBy(() -> Futures.await(call)).isNotNull();
    }
}
