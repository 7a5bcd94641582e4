package dev.enoki.reliability;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.reliability.fixtures.WorkService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5, the node's side: a clustered node on RabbitMQ whose worker pool stays full for five AMQP heartbeat
 * intervals (2 s each) keeps its broker connections (the same ones: none made again) and its cluster membership
 * (another member lists its instance on every poll, with a registry TTL of 4 s), and acknowledges each request as
 * its call ends: the broker's unacknowledged count falls call by call, never waiting for the pool to empty.
 */
class SaturationIT {
    private static final int WORKERS = 4;
    private static final long FULL_MILLIS = 6_000;
    private static final long TAIL_STEP_MILLIS = 5_000;
    private static final String DISCOVERY = "discovery:\n  ttl: 4s\n  heartbeat: 1s\n";

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void cleanUp() {
        nodes.forEach(NodeProcess::close);
        vhost.close();
    }

    @Test
    void aPoolFullForSeveralHeartbeatsKeepsItsConnectionsAndMembershipAndAcksEachCallAsItEnds() throws Exception {
        Ledger ledger = new Ledger("5a saturation: connection, membership, acks");
        Map<String, String> env = Map.of("ENOKI_CLUSTER_NAME", "fault-" + vhost.name(),
                "ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false");
        int seed = FreePorts.next();
        int observerHttp = FreePorts.next();
        NodeProcess worker = start("sat-worker", "max_workers: " + WORKERS + "\nHEARTBEAT: 2\n" + DISCOVERY, env, ledger,
                "--cluster", "--cluster-port", String.valueOf(seed), "--members", "127.0.0.1:" + seed,
                "--broker", vhost.uri(), WorkService.class.getName());
        // A second member with no services: its gateway shows the cluster-wide registry
        start("sat-observer", DISCOVERY, env, ledger, "--cluster", "--cluster-port", String.valueOf(FreePorts.next()),
                "--members", "127.0.0.1:" + seed, "--gateway", "127.0.0.1:" + observerHttp);
        nodes.forEach(NodeProcess::awaitReady);
        URI registry = URI.create("http://127.0.0.1:" + observerHttp + "/api/services");
        await("the other member lists work").atMost(Duration.ofSeconds(30)).until(() -> workInstances(registry).size() == 1);
        List<String> instance = workInstances(registry);
        Set<String> connections = vhost.connections();
        assertThat(connections).as("the worker's broker connections").hasSizeGreaterThanOrEqualTo(2);

        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        List<Sampler.Sample<Integer>> unacked;
        List<Sampler.Sample<List<String>>> listed;
        long saturatedFrom;
        try (EnokiClient client = EnokiClient.connect(new JsonObject().put("AMQP_URI", vhost.uri()).put("rpc_timeout", "90s"));
             Sampler<List<String>> membership = Sampler.start("membership", Duration.ofMillis(500),
                     () -> workInstances(registry));
             Sampler<Integer> broker = Sampler.start("unacked", Duration.ofMillis(100),
                     () -> vhost.unacknowledged("rpc-work"))) {
            ServiceProxy work = client.proxy("work");
            // Four calls fill the pool for three heartbeats; four more wait, then end one by one, 5 s apart.
            for (int i = 0; i < WORKERS; i++) {
                call(work, ledger, answeredAt, "full-" + i, FULL_MILLIS);
            }
            for (int k = 0; k < WORKERS; k++) {
                call(work, ledger, answeredAt, "tail-" + k, TAIL_STEP_MILLIS * (k + 1));
            }
            await("the pool is full").atMost(Duration.ofSeconds(20)).until(() -> ledger.executions("full-3") == 1);
            saturatedFrom = System.nanoTime();
            await("every call answered").atMost(Duration.ofSeconds(60)).until(() -> ledger.settledCount() == 2 * WORKERS);
            await("nothing left unacknowledged").atMost(Duration.ofSeconds(20))
                    .until(() -> vhost.unacknowledged("rpc-work") == 0);
            unacked = broker.samples();
            listed = membership.samples();
        }

        long saturatedUntil = answeredAt.get("tail-0");
        List<Sampler.Sample<List<String>>> whileFull = listed.stream()
                .filter(s -> s.within(saturatedFrom, saturatedUntil)).toList();
        List<Integer> afterEachTail = new ArrayList<>();
        for (int k = 0; k + 1 < WORKERS; k++) {
            long from = answeredAt.get("tail-" + k);
            long to = answeredAt.get("tail-" + (k + 1));
            int stillRunning = WORKERS - 1 - k;
            List<Integer> between = unacked.stream().filter(s -> s.within(from, to)).map(Sampler.Sample::value).toList();
            assertThat(between).as("unacknowledged while %d calls still run", stillRunning)
                    .allMatch(n -> n != null && n <= stillRunning);
            afterEachTail.addAll(between.stream().distinct().toList());
        }
        Set<String> connectionsAfter = vhost.connections();
        Ledger.Tally tally = ledger.report(String.format("pool of %d full %.1fs (AMQP heartbeat 2s); %d of %d broker "
                        + "connections the same after; listed by the other member in %d/%d polls while full; "
                        + "unacked after each tail call ended %s", WORKERS,
                (saturatedUntil - saturatedFrom) / 1e9, connections.stream().filter(connectionsAfter::contains).count(),
                connections.size(), whileFull.stream().filter(s -> instance.equals(s.value())).count(), whileFull.size(),
                afterEachTail));

        assertThat(tally.completed()).isEqualTo(2 * WORKERS);
        assertThat(tally.lost()).isZero();
        assertThat(tally.failures()).isEmpty();
        assertThat(tally.duplicated()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(connectionsAfter).as("the same connections: none lost and made again").containsAll(connections);
        assertThat(worker.log()).doesNotContain("lost (").doesNotContain("recovered");
        assertThat(whileFull).as("registry polls while the pool was full").hasSizeGreaterThanOrEqualTo(3)
                .allMatch(s -> instance.equals(s.value()));
        assertThat(listed).as("every registry poll").allMatch(s -> instance.equals(s.value()));
        assertThat(afterEachTail).as("the count falls call by call, seen between two calls' ends").isNotEmpty();
    }

    private static void call(ServiceProxy work, Ledger ledger, Map<String, Long> answeredAt, String id, long millis) {
        ledger.sent(id);
        work.callAsync("work", String.class, id, millis).onComplete(result -> {
            answeredAt.put(id, System.nanoTime());
            ledger.settleEcho(id, result);
        });
    }

    /** The instance ids the registry lists for {@code work}; none when it does not list the service. */
    private List<String> workInstances(URI registry) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(registry).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + registry + ": " + response.statusCode());
        }
        JsonArray services = new JsonObject(response.body()).getJsonArray("services");
        return services.stream().map(JsonObject.class::cast).filter(s -> "work".equals(s.getString("name")))
                .flatMap(s -> s.getJsonArray("instances").stream().map(JsonObject.class::cast))
                .map(i -> i.getString("instanceId")).filter(Objects::nonNull).sorted().collect(Collectors.toList());
    }

    private NodeProcess start(String name, String config, Map<String, String> env, Ledger ledger, String... args) {
        NodeProcess node = NodeProcess.start(name + "-" + vhost.name(), config, env, line -> {
            if (line.startsWith("EXEC ")) {
                ledger.executed(line.substring(5));
            }
        }, args);
        nodes.add(node);
        return node;
    }
}
