package dev.enoki.transport;

import dev.enoki.ContextData;
import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.EventHandler;
import dev.enoki.HandlerType;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.ServiceProxy;
import dev.enoki.WorkerContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The services {@link TransportContract} runs on either transport, and the gate that holds their work. */
final class ContractServices {
    private ContractServices() {
    }

    /**
     * Holds the work of {@link Calc#hold} and {@link Jobs#job} while it is closed: a test closes it, waits until the
     * work is held, and opens it (or lets the held work end with its container).
     */
    static final class Gate {
        private static volatile boolean closed;
        private static final AtomicInteger HELD = new AtomicInteger();
        private static volatile CountDownLatch open = new CountDownLatch(1);

        private Gate() {
        }

        static void close() {
            open = new CountDownLatch(1);
            HELD.set(0);
            closed = true;
        }

        /** Work arriving from now on passes; work already held stays held until {@link #open}. */
        static void letNewWorkPass() {
            closed = false;
        }

        static void open() {
            closed = false;
            open.countDown();
        }

        static int held() {
            return HELD.get();
        }

        static void pass() throws InterruptedException {
            if (closed) {
                CountDownLatch latch = open;
                HELD.incrementAndGet();
                latch.await(60, TimeUnit.SECONDS);
            }
        }
    }

    public record Item(String sku, int quantity) {
    }

    public static class OutOfStock extends Exception {
        public OutOfStock(String message) {
            super(message);
        }
    }

    @Service("contract_calc")
    public static class Calc {
        @Rpc
        public int add(int a, int b) {
            return a + b;
        }

        @Rpc
        public String greet(String name, Optional<String> greeting) {
            return greeting.orElse("Hello") + ", " + name + "!";
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
        public int hold(int n) throws InterruptedException {
            Gate.pass();
            return n * 10;
        }
    }

    /** Typed view of calc, as a caller writes it. */
    public interface CalcApi {
        void reserve(String sku) throws OutOfStock;

        int missing();
    }

    /** How each call {@link Relay#late} made after its own deadline ended: the exception's simple name. */
    static final BlockingQueue<String> LATE_CALLS = new LinkedBlockingQueue<>();
    static final AtomicInteger REPORTS = new AtomicInteger();
    /** Runs of report's {@code slowOnce} methods; the first of each test hangs, the ones after it answer at once. */
    static final AtomicInteger SLOW_RUNS = new AtomicInteger();

    @Service("contract_relay")
    public static class Relay {
        @RpcProxy("contract_report")
        ServiceProxy report;
        @ContextData
        WorkerContext worker;

        @Rpc
        public Map<String, Object> start() {
            return report.call("report", Map.class);
        }

        /** Its own deadline, and the one the call it makes arrives with. */
        @Rpc
        public List<Long> deadlines() {
            return List.of(worker.deadline(), report.call("deadline", Long.class));
        }

        /** Calls report's broken method {@code times} times: how each call ended, by exception name. */
        @Rpc
        public List<String> callBroken(int times) {
            List<String> outcomes = new java.util.ArrayList<>();
            for (int i = 0; i < times; i++) {
                try {
                    report.call("broken");
                    outcomes.add("answered");
                } catch (RuntimeException e) {
                    outcomes.add(e.getClass().getSimpleName());
                }
            }
            return outcomes;
        }

        /** Calls one of report's {@code slowOnce} methods: how many runs of it there were, as report answers. */
        @Rpc
        public int callSlowOnce(String method) {
            return report.call(method, Integer.class);
        }

        /** Calls report only once its own caller has stopped waiting. */
        @Rpc
        public void late() throws InterruptedException {
            Thread.sleep(Math.max(0, worker.deadline() - System.currentTimeMillis()) + 50);
            try {
                report.call("report", Map.class);
                LATE_CALLS.add("none");
            } catch (RuntimeException e) {
                LATE_CALLS.add(e.getClass().getSimpleName());
            }
        }
    }

    @Service("contract_report")
    public static class Report {
        @ContextData
        WorkerContext worker;

        @Rpc
        public Map<String, Object> report() {
            REPORTS.incrementAndGet();
            return seenBy(worker);
        }

        /** Declared idempotent: its callers may try it again after a timeout. */
        @Rpc(idempotent = true)
        public int slowOnce() throws InterruptedException {
            return slowOnceNotDeclared();
        }

        @Rpc
        public int slowOnceNotDeclared() throws InterruptedException {
            int run = SLOW_RUNS.incrementAndGet();
            if (run == 1) {
                Thread.sleep(1_500);
            }
            return run;
        }

        @Rpc
        public void broken() {
            REPORTS.incrementAndGet();
            throw new IllegalStateException("its database is down");
        }

        @Rpc
        public long deadline() {
            return worker.deadline();
        }
    }

    @Service("contract_shop")
    public static class Shop {
        @EventDispatcher
        Dispatcher dispatch;

        @Rpc
        public void sell(String what) {
            dispatch.dispatch("sold", what);
        }
    }

    /** What each "sold" handler saw of the context it was called in. */
    static final BlockingQueue<Map<String, Object>> SOLD_SEEN = new LinkedBlockingQueue<>();

    public static class Listener {
        @ContextData
        WorkerContext worker;

        @EventHandler(source = "contract_shop", event = "pooled")
        public void pooled(String payload) {
        }

        @EventHandler(source = "contract_shop", event = "single", type = HandlerType.SINGLETON)
        public void single(String payload) {
        }

        @EventHandler(source = "contract_shop", event = "broad", type = HandlerType.BROADCAST,
                reliableDelivery = false)
        public void broad(String payload) {
        }

        @EventHandler(source = "contract_shop", event = "sold")
        public void sold(String payload) {
            SOLD_SEEN.add(seenBy(worker));
        }
    }

    @Service("contract_listener_a")
    public static class ListenerA extends Listener {
    }

    @Service("contract_listener_b")
    public static class ListenerB extends Listener {
    }

    @Service("contract_jobs")
    public static class Jobs {
        @EventHandler(source = "contract_shop", event = "job")
        public void job(String job) throws InterruptedException {
            Gate.pass();
        }
    }

    private static Map<String, Object> seenBy(WorkerContext worker) {
        Map<String, Object> seen = new HashMap<>();
        seen.put("stack", worker.callIdStack());
        seen.put("parent", worker.immediateParentCallId());
        seen.put("user_id", worker.userId());
        seen.put("language", worker.language());
        return seen;
    }
}
