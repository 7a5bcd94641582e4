package dev.enoki.launcher;

import dev.enoki.launcher.fixtures.relay.TraceBack;
import dev.enoki.launcher.fixtures.relay.TraceFront;
import dev.enoki.launcher.fixtures.relay.TraceMiddle;
import dev.enoki.testsupport.FreePorts;
import dev.enoki.testsupport.NamekoProcess;
import dev.enoki.testsupport.RabbitVhost;
import dev.enoki.testsupport.ZipkinServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request made at the gateway of one node JVM that goes on through two others (trace_front, then trace_middle,
 * then trace_back, each in its own JVM, exporting to a real Zipkin) is one trace there, every hop's client span the
 * parent of the next hop's server span: on the clustered event bus, on RabbitMQ, and with the middle hop a real
 * Python Nameko service, which passes the trace context on in the context data it forwards.
 */
class TraceAcrossNodesIT {
    private static final Duration ANSWER = Duration.ofSeconds(60);
    private static final Duration EXPORTED = Duration.ofSeconds(30);
    /** The gateway's request and its call, in the front node. */
    private static final String[] REQUEST = {"trace_front", "SERVER", "POST /api/:service/:method"};
    private static final String[] GATEWAY_CALL = {"trace_front", "CLIENT", "trace_front/relay"};
    private static final String[] FRONT_SERVER = {"trace_front", "SERVER", "trace_front/relay"};
    private static final String[] FRONT_CLIENT = {"trace_front", "CLIENT", "trace_middle/relay"};
    private static final String[] BACK_SERVER = {"trace_back", "SERVER", "trace_back/echo"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<LauncherProcess> nodes = new ArrayList<>();
    private ZipkinServer zipkin;

    @BeforeEach
    void startZipkin() {
        zipkin = ZipkinServer.start();
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(LauncherProcess::close);
        zipkin.close();
    }

    @Test
    void aGatewayRequestThroughThreeClusteredNodesIsOneTrace() throws Exception {
        int seed = FreePorts.next();
        Map<String, String> env = tracingEnv();
        env.put("ENOKI_CLUSTER_NAME", "enoki-trace-it-" + UUID.randomUUID());
        env.put("ENOKI_CLUSTER_PORT_AUTO_INCREMENT", "false");
        int gateway = FreePorts.next();
        start(env, "--cluster", "--cluster-port", String.valueOf(seed), "--members", "127.0.0.1:" + seed,
                "--gateway", "127.0.0.1:" + gateway, TraceFront.class.getName());
        start(env, "--cluster", "--cluster-port", String.valueOf(FreePorts.next()), "--members", "127.0.0.1:" + seed,
                TraceMiddle.class.getName());
        start(env, "--cluster", "--cluster-port", String.valueOf(FreePorts.next()), "--members", "127.0.0.1:" + seed,
                TraceBack.class.getName());

        assertOneTraceThroughEveryHop(gateway, "trace_middle");
    }

    @Test
    void aGatewayRequestThroughThreeNodesOnRabbitMqIsOneTrace() throws Exception {
        try (RabbitVhost vhost = RabbitVhost.create("enoki-trace-")) {
            Map<String, String> env = tracingEnv();
            int gateway = FreePorts.next();
            start(env, "--broker", vhost.uri(), "--gateway", "127.0.0.1:" + gateway, TraceFront.class.getName());
            start(env, "--broker", vhost.uri(), TraceMiddle.class.getName());
            start(env, "--broker", vhost.uri(), TraceBack.class.getName());

            assertOneTraceThroughEveryHop(gateway, "trace_middle");
            nodes.forEach(LauncherProcess::close);
        }
    }

    @Test
    void aChainThroughARealNamekoServiceIsOneTrace(@TempDir Path dir) throws Exception {
        NamekoProcess.requireOrSkip(Assumptions::abort);
        try (RabbitVhost vhost = RabbitVhost.create("enoki-trace-nameko-");
             NamekoProcess middle = NamekoProcess.run(dir, "py_trace_middle", """
                     from nameko.rpc import rpc, RpcProxy


                     class TraceMiddle:
                         name = "trace_middle"
                         back = RpcProxy("trace_back")

                         @rpc
                         def relay(self, value):
                             return self.back.echo(value + ">middle")
                     """, vhost.uri())) {
            Map<String, String> env = tracingEnv();
            int gateway = FreePorts.next();
            start(env, "--broker", vhost.uri(), "--gateway", "127.0.0.1:" + gateway, TraceFront.class.getName());
            start(env, "--broker", vhost.uri(), TraceBack.class.getName());
            middle.awaitLine("Nameko started", line -> line.startsWith("starting services"), ANSWER);

            ZipkinTrace trace = awaitTrace(gateway, List.of(REQUEST, GATEWAY_CALL, FRONT_SERVER, FRONT_CLIENT,
                    BACK_SERVER));
            // Nameko makes no spans: the context it was given goes on unchanged, so the back's server span is the
            // child of the front's client span, across the Python service
            JsonObject frontServer = assertGatewayStarts(trace);
            JsonObject frontClient = trace.span("trace_front", "CLIENT", "trace_middle/relay");
            JsonObject backServer = trace.span("trace_back", "SERVER", "trace_back/echo");
            assertThat(ZipkinTrace.isChildOf(frontClient, frontServer)).as(trace.toString()).isTrue();
            assertThat(ZipkinTrace.isChildOf(backServer, frontClient)).as(trace.toString()).isTrue();
            nodes.forEach(LauncherProcess::close);
        }
    }

    /** Variables that turn tracing on and export to this test's Zipkin, in batches sent every 100 ms. */
    private Map<String, String> tracingEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("ENOKI_TRACING", "true");
        env.put("OTEL_TRACES_EXPORTER", "zipkin");
        env.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint());
        env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
        return env;
    }

    /** Starts a node running {@code args} (its services last) and waits until it is ready. */
    private void start(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("run", "--classpath", LauncherProcess.fixtureClasses()));
        command.addAll(List.of(args));
        LauncherProcess node = LauncherProcess.start(env, command.toArray(String[]::new));
        nodes.add(node);
        node.awaitOutput(line -> line.startsWith("enoki: ready"));
    }

    private void assertOneTraceThroughEveryHop(int gateway, String middle) throws Exception {
        ZipkinTrace trace = awaitTrace(gateway, List.of(REQUEST, GATEWAY_CALL, FRONT_SERVER, FRONT_CLIENT, new String[]{middle, "SERVER",
                "trace_middle/relay"}, new String[]{middle, "CLIENT", "trace_back/echo"}, BACK_SERVER));
        JsonObject frontServer = assertGatewayStarts(trace);
        JsonObject frontClient = trace.span("trace_front", "CLIENT", "trace_middle/relay");
        JsonObject middleServer = trace.span(middle, "SERVER", "trace_middle/relay");
        JsonObject middleClient = trace.span(middle, "CLIENT", "trace_back/echo");
        JsonObject backServer = trace.span("trace_back", "SERVER", "trace_back/echo");
        assertThat(ZipkinTrace.isChildOf(frontClient, frontServer)).as(trace.toString()).isTrue();
        assertThat(ZipkinTrace.isChildOf(middleServer, frontClient)).as(trace.toString()).isTrue();
        assertThat(ZipkinTrace.isChildOf(middleClient, middleServer)).as(trace.toString()).isTrue();
        assertThat(ZipkinTrace.isChildOf(backServer, middleClient)).as(trace.toString()).isTrue();
        assertThat(frontServer.getJsonObject("tags").getString("rpc.method")).isEqualTo("relay");
        assertThat(backServer.getJsonObject("tags").getString("enoki.call_id")).startsWith("trace_back.echo.");
        assertThat(backServer.getString("traceId")).isEqualTo(frontServer.getString("traceId"));
    }

    /**
     * The trace's one root is the gateway's request, its call to the front the child of that, and the front's own
     * span the child of the call; returns the front's span.
     */
    private static JsonObject assertGatewayStarts(ZipkinTrace trace) {
        JsonObject request = trace.span(REQUEST[0], REQUEST[1], REQUEST[2]);
        JsonObject call = trace.span(GATEWAY_CALL[0], GATEWAY_CALL[1], GATEWAY_CALL[2]);
        JsonObject frontServer = trace.span(FRONT_SERVER[0], FRONT_SERVER[1], FRONT_SERVER[2]);
        assertThat(trace.roots()).as(trace.toString()).containsExactly(request);
        assertThat(ZipkinTrace.isChildOf(call, request)).as(trace.toString()).isTrue();
        assertThat(ZipkinTrace.isChildOf(frontServer, call)).as(trace.toString()).isTrue();
        assertThat(request.getJsonObject("tags").getString("http.response.status_code")).isEqualTo("200");
        return frontServer;
    }

    /**
     * Calls the front through the gateway until it answers (the nodes may still be finding each other), then waits
     * for Zipkin to hold the answered call's trace with every span in {@code required} (service, kind, name), whichever
     * node exports last; failed tries are traces of their own, without the last hop.
     */
    private ZipkinTrace awaitTrace(int gateway, List<String[]> required) {
        await("the relayed answer").atMost(ANSWER).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway + "/api/trace_front/relay"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[\"x\"]"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && answer.body().equals("\"x>front>middle>back\"");
        });
        AtomicReference<List<ZipkinTrace>> answered = new AtomicReference<>(List.of());
        await("the trace in Zipkin").atMost(EXPORTED).pollInterval(Duration.ofMillis(200)).until(() -> {
            answered.set(ZipkinTrace.parse(zipkin.traces("limit=100")).stream()
                    .filter(trace -> trace.has(BACK_SERVER[0], BACK_SERVER[1], BACK_SERVER[2])).toList());
            return !answered.get().isEmpty() && required.stream().allMatch(span ->
                    answered.get().get(0).has(span[0], span[1], span[2]));
        });
        assertThat(answered.get()).as("traces reaching the last hop").hasSize(1);
        return answered.get().get(0);
    }
}
