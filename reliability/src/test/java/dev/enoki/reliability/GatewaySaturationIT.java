package dev.enoki.reliability;

import dev.enoki.ServiceBusy;
import dev.enoki.reliability.fixtures.GateKeeperService;
import dev.enoki.reliability.fixtures.GateService;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.RabbitVhost;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 5, the gateway's side: with the node's worker pool full and the gateway's bound for the service
 * ({@code max_in_flight_per_service}) reached, a flood of 20,000 requests is answered 503 at once, every one,
 * instead of waiting in a queue without limit; and the node's heap after a full GC is no bigger after the flood
 * than a generous bound allows (measured with {@code jcmd}, printed in the ledger line).
 */
class GatewaySaturationIT {
    private static final int WORKERS = 2;
    private static final int BOUND = 4;
    private static final int FLOOD = 20_000;
    private static final int CONCURRENCY = 64;
    private static final long HEAP_BOUND = 96L * 1024 * 1024;
    private static final long GROWTH_BOUND = 32L * 1024 * 1024;
    private static final Pattern IN_FLIGHT =
            Pattern.compile("enoki_gateway_in_flight\\{[^}]*service=\"gate\"[^}]*\\}\\s+([0-9.]+)");

    private final RabbitVhost vhost = RabbitVhost.create("enoki-fault-");
    private final Vertx vertx = Vertx.vertx();
    private NodeProcess node;

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        vertx.close().await();
        vhost.close();
    }

    @Test
    void beyondItsBoundTheGatewayAnswers503AtOnceWhileThePoolIsFullAndTheHeapStaysBounded() throws Exception {
        Ledger ledger = new Ledger("5b saturation: gateway bound, heap");
        Set<String> ran = ConcurrentHashMap.newKeySet();
        int port = FreePorts.next();
        String config = "max_workers: " + WORKERS + "\ngateway:\n  max_in_flight_per_service: " + BOUND
                + "\n  timeout: 10m\n";
        node = NodeProcess.start("sat-gateway-" + vhost.name(), config, line -> {
            if (line.startsWith("EXEC ")) {
                ledger.executed(line.substring(5));
                ran.add(line.substring(5));
            }
        }, "--broker", vhost.uri(), "--gateway", "127.0.0.1:" + port, GateService.class.getName(),
                GateKeeperService.class.getName()).awaitReady();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port), new PoolOptions().setHttp1MaxSize(CONCURRENCY));

        // The bound's worth of calls that hold their workers: two run, two wait at the broker for a worker.
        List<String> holds = new ArrayList<>();
        for (int i = 0; i < BOUND; i++) {
            String id = "hold-" + i;
            holds.add(id);
            send(http, ledger, id);
        }
        await("the pool is full").atMost(Duration.ofSeconds(30))
                .until(() -> holds.stream().filter(h -> ledger.executions(h) == 1).count() == WORKERS);
        await("the gateway's bound is reached").atMost(Duration.ofSeconds(30)).until(() -> inFlight(http) == BOUND);
        long heapBefore = HeapProbe.usedAfterGc(node.pid());

        long start = System.nanoTime();
        Semaphore window = new Semaphore(CONCURRENCY);
        List<String> flood = new ArrayList<>();
        // Requests go out from one event loop, as a Vert.x client is meant to be used; the window is this thread's
        Context client = vertx.getOrCreateContext();
        for (int i = 0; i < FLOOD; i++) {
            String id = "flood-" + i;
            flood.add(id);
            window.acquireUninterruptibly();
            client.runOnContext(v -> send(http, ledger, id).onComplete(r -> window.release()));
        }
        await("every flood request answered").atMost(Duration.ofMinutes(4))
                .until(() -> flood.stream().allMatch(ledger::settled));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(holds).as("held calls still running when the flood was all answered")
                .noneMatch(ledger::settled);
        long heapAfter = HeapProbe.usedAfterGc(node.pid());

        int opened = post(http, "/api/gatekeeper/open", "[]").await(30, TimeUnit.SECONDS).statusCode();
        await("the held calls answered").atMost(Duration.ofSeconds(60))
                .until(() -> ledger.settledCount() == FLOOD + BOUND);
        Ledger.Tally tally = ledger.report(String.format("pool of %d full, gateway bound %d: %,d requests in %.1fs "
                        + "(%.0f/s), %d concurrent; node heap used after GC %s before the flood, %s after (-Xmx256m)",
                WORKERS, BOUND, FLOOD, seconds, FLOOD / seconds, CONCURRENCY, HeapProbe.megabytes(heapBefore),
                HeapProbe.megabytes(heapAfter)));

        assertThat(opened).isEqualTo(200);
        assertThat(tally.completed()).as("the held calls").isEqualTo(BOUND);
        assertThat(tally.failures()).as("the flood: every request refused").containsExactly(
                Map.entry("ServiceBusy", FLOOD));
        assertThat(tally.lost()).isZero();
        assertThat(tally.unexpected()).isZero();
        assertThat(tally.duplicated()).isZero();
        assertThat(ran).as("calls that ran: the held ones, no refused one").containsExactlyInAnyOrderElementsOf(holds);
        assertThat(heapAfter).as("heap used after GC after the flood").isLessThan(HEAP_BOUND)
                .isLessThan(heapBefore + GROWTH_BOUND);
    }

    /** POSTs one {@code gate.pass} call through the gateway and records its outcome in the ledger. */
    private static Future<Void> send(HttpClient http, Ledger ledger, String id) {
        ledger.sent(id);
        return post(http, "/api/gate/pass", "[\"" + id + "\"]").<Void>map(response -> {
            if (response.statusCode() == 200 && response.body().equals("\"" + id + "\"")) {
                ledger.completed(id);
            } else if (response.statusCode() == 503 && response.body().contains("ServiceBusy")) {
                ledger.failed(id, new ServiceBusy(response.body()));
            } else {
                ledger.failed(id, new IllegalStateException("HTTP " + response.statusCode() + " " + response.body()));
            }
            return null;
        }).recover(e -> {
            ledger.failed(id, e);
            return Future.succeededFuture();
        });
    }

    private static Future<Response> post(HttpClient http, String path, String body) {
        return http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Response(response.statusCode(), b.toString())));
    }

    /** The gateway's own gauge of calls in flight to {@code gate}, from {@code /metrics}. */
    private static int inFlight(HttpClient http) throws Exception {
        String metrics = http.request(HttpMethod.GET, "/metrics").compose(r -> r.send().compose(s -> s.body()))
                .await(10, TimeUnit.SECONDS).toString();
        Matcher m = IN_FLIGHT.matcher(metrics);
        return m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    }

    private record Response(int statusCode, String body) {
    }
}
