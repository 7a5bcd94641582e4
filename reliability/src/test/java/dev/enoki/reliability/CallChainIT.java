package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import dev.enoki.reliability.fixtures.ChainAService;
import dev.enoki.reliability.fixtures.ChainBService;
import dev.enoki.reliability.fixtures.ChainCService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 10: a chain of three services in three JVMs, chain_a → chain_b → chain_c, where chain_c takes 4 s, called
 * with a 2 s deadline, on RabbitMQ and on the clustered event bus. Each hop's calls inherit what is left of the
 * deadline of the call it serves (its own proxy would wait 30 s). Proves: no caller waits past the outer 2 s; each
 * hop's budget is no larger than the one before it; chain_a's and chain_b's calls end by their deadline, so no
 * worker of theirs waits for an answer nobody waits for; nothing is lost. The chain is warmed up first: a node's
 * first call to another sets up its connection, which on the cluster takes up to a second.
 */
class CallChainIT {
    private static final Duration OUTER_DEADLINE = Duration.ofSeconds(2);
    private static final long SLACK_MILLIS = 500;
    private static final int CALLS = 6;

    private Ledger ledger;
    private final List<NodeProcess> nodes = new ArrayList<>();
    /** {@code <service> <id>} to the budget it started with, ms; and to how long after its deadline its call ended. */
    private final Map<String, Long> budgets = new ConcurrentHashMap<>();
    private final Map<String, Long> endedPastDeadline = new ConcurrentHashMap<>();
    private final Map<String, Long> elapsedMillis = new ConcurrentHashMap<>();
    private RabbitVhost vhost;
    private Vertx member;

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        if (member != null) {
            member.close().await();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void aChainOfThreeServicesOnRabbitMqEndsByItsFirstCallersDeadline() throws Exception {
        vhost = RabbitVhost.create("enoki-fault-");
        startChain("max_workers: 8\n", "--broker", vhost.uri());
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()))) {
            callChain("RabbitMQ", client.proxy("chain_a").withTimeout(OUTER_DEADLINE));
        }
    }

    @Test
    void aChainOfThreeServicesOnTheClusteredEventBusEndsByItsFirstCallersDeadline() throws Exception {
        String cluster = "enoki-fault-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> ports = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());
        String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        JsonObject config = new JsonObject().put("cluster", new JsonObject().put("name", cluster)
                .put("members", members)).put("max_workers", 8);
        for (int i = 0; i < 3; i++) {
            JsonObject nodeConfig = config.copy();
            nodeConfig.getJsonObject("cluster").put("port", ports.get(i));
            nodes.add(start(i, nodeConfig.encode(), "--cluster"));
        }
        nodes.forEach(NodeProcess::awaitReady);
        JsonObject memberConfig = config.copy();
        memberConfig.getJsonObject("cluster").put("port", ports.get(3));
        member = ClusteredVertx.start(ClusterOptions.fromConfig(memberConfig, Map.of())).await();
        EnokiClient client = EnokiClient.connect(member, new JsonObject()).await();
        try {
            callChain("cluster", client.proxy("chain_a").withTimeout(OUTER_DEADLINE));
        } finally {
            client.close();
        }
    }

    private void startChain(String config, String... transport) {
        for (int i = 0; i < 3; i++) {
            nodes.add(start(i, config, transport));
        }
        nodes.forEach(NodeProcess::awaitReady);
    }

    private NodeProcess start(int hop, String config, String... transport) {
        String service = List.of(ChainAService.class, ChainBService.class, ChainCService.class).get(hop).getName();
        List<String> args = new ArrayList<>(List.of(transport));
        args.add(service);
        return NodeProcess.start("chain-" + (char) ('a' + hop), config, this::record, args.toArray(String[]::new));
    }

    /** {@value #CALLS} calls at once through the chain, then the figures and what they must show. */
    private void callChain(String label, ServiceProxy chainA) throws Exception {
        ledger = new Ledger("10 call chain under a deadline, " + label);
        for (int i = 0; i < 3; i++) {   // a node's first call to another one sets up its connection, slowly
            chainA.withTimeout(Duration.ofSeconds(30)).call("relay", String.class, "warm-" + label + "-" + i);
        }
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            String id = label + "-" + i;
            ledger.sent(id);
            long start = System.nanoTime();
            calls.add(chainA.callAsync("relay", String.class, id).onComplete(result -> {
                elapsedMillis.put(id, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                ledger.settleEcho(id, result);
            }));
        }
        Future.join(calls).otherwiseEmpty().await(30, TimeUnit.SECONDS);
        await("chain_a and chain_b say how their calls ended").atMost(Duration.ofSeconds(30))
                .until(() -> ended(label, "chain_a") == CALLS && ended(label, "chain_b") == CALLS);

        long maxElapsed = max(elapsedMillis, label + "-");
        long lateA = max(endedPastDeadline, "chain_a " + label + "-");
        long lateB = max(endedPastDeadline, "chain_b " + label + "-");
        Ledger.Tally tally = ledger.report(label + ": caller waited at most " + maxElapsed + " ms of "
                + OUTER_DEADLINE.toMillis() + "; budgets at a/b/c " + budgetsOf(label) + "; a's and b's calls ended "
                + "at most " + lateA + " / " + lateB + " ms past their deadline");
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.completed()).as("calls answered although chain_c takes longer than the deadline").isZero();
        // RpcTimeout, or the one chain_a raised when its own call ran out of time first, passed on as a RemoteError
        assertThat(tally.failures().keySet()).isSubsetOf("RpcTimeout", "RemoteError");
        assertThat(maxElapsed).as("longest wait of the first caller, ms")
                .isLessThan(OUTER_DEADLINE.toMillis() + SLACK_MILLIS);
        for (int i = 0; i < CALLS; i++) {
            String id = label + "-" + i;
            long a = budgets.get("chain_a " + id);
            long b = budgets.get("chain_b " + id);
            Long c = budgets.get("chain_c " + id);
            assertThat(a).as("chain_a's budget for " + id).isBetween(0L, OUTER_DEADLINE.toMillis());
            assertThat(b).as("chain_b's budget for " + id).isLessThanOrEqualTo(a);
            if (c != null) {   // a request reaching chain_c after its deadline is refused unrun
                assertThat(c).as("chain_c's budget for " + id).isLessThanOrEqualTo(b);
            }
        }
        assertThat(Math.max(lateA, lateB)).as("latest end of a relaying hop's call after its deadline, ms")
                .isLessThan(SLACK_MILLIS);
    }

    private void record(String line) {
        String[] parts = line.split(" ");
        if (line.startsWith("BUDGET ") && parts.length == 4) {
            budgets.put(parts[1] + " " + parts[2], Long.parseLong(parts[3]));
        } else if (line.startsWith("ENDED ") && parts.length == 5) {
            endedPastDeadline.put(parts[1] + " " + parts[2], Long.parseLong(parts[4]));
        }
    }

    private long ended(String label, String service) {
        return endedPastDeadline.keySet().stream().filter(k -> k.startsWith(service + " " + label + "-")).count();
    }

    /** The medians of each hop's budgets, {@code 1990/1975/1960 ms}. */
    private String budgetsOf(String label) {
        return List.of("chain_a", "chain_b", "chain_c").stream().map(s -> {
            List<Long> values = budgets.entrySet().stream().filter(e -> e.getKey().startsWith(s + " " + label + "-"))
                    .map(Map.Entry::getValue).sorted().toList();
            return values.isEmpty() ? "-" : String.valueOf(values.get(values.size() / 2));
        }).collect(Collectors.joining("/")) + " ms (medians)";
    }

    private static long max(Map<String, Long> values, String prefix) {
        return values.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue)
                .max().orElse(Long.MAX_VALUE);
    }
}
