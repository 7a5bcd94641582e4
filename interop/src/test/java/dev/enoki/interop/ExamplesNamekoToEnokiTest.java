package dev.enoki.interop;

import dev.enoki.demo.auth.Unauthenticated;
import dev.enoki.demo.auth.Unauthorized;
import dev.enoki.demo.broadcast.ListenerService;
import dev.enoki.demo.events.ServiceB;
import dev.enoki.demo.expected.ExpectedExceptionsService;
import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.demo.rpc.ServiceY;
import dev.enoki.demo.sensitive.SensitiveArgumentsService;
import dev.enoki.testing.EntrypointWaiter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nameko's documentation examples, unchanged, calling and dispatching to their Java ports (demo-services): Python's
 * service_x (rpc.py) calls the Java service_y, Python's service_a (events.py) dispatches to the Java service_b, and
 * the standalone examples (examples_client.py: helloworld's call, standalone_rpc, async_rpc, standalone_events,
 * event_broadcast's ping, calls to expected_exceptions and sensitive_arguments) reach the Java ports, with the
 * results of {@link ExamplePairs}.
 */
class ExamplesNamekoToEnokiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MixedCluster cluster;
    private static ScriptResults python;
    private static Object eventsHandled;
    private static Object standaloneEventsHandled;
    private static Object broadcastHandled;

    @BeforeAll
    static void start() throws Throwable {
        cluster = MixedCluster.start(true, List.of("examples.rpc:ServiceX", "examples.events:ServiceA"), 2,
                GreetingService.class, ServiceY.class, ServiceB.class, ListenerService.class,
                ExpectedExceptionsService.class, SensitiveArgumentsService.class);
        try (EntrypointWaiter events = EntrypointWaiter.on(cluster.container(ServiceB.class), "handleEvent",
                w -> "payload".equals(w.arguments()[0]));
             EntrypointWaiter standaloneEvents = EntrypointWaiter.on(cluster.container(ServiceB.class), "handleEvent",
                     w -> "payløad".equals(w.arguments()[0]));
             EntrypointWaiter broadcast = EntrypointWaiter.on(cluster.container(ListenerService.class), "ping")) {
            python = cluster.runScript("examples_client.py");
            eventsHandled = events.await(WAIT);
            standaloneEventsHandled = standaloneEvents.await(WAIT);
            broadcastHandled = broadcast.await(WAIT);
        }
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String remoteErrorType(String name) {
        JsonObject error = python.error(name);
        assertThat(error.getString("class")).as(name).isEqualTo("RemoteError");
        return error.getString("exc_type");
    }

    @Test
    void helloworldCalledFromNamekoAnswersFromItsJavaPort() {
        assertThat(python.result("helloworld")).isEqualTo(ExamplePairs.HELLO);
    }

    @Test
    void pythonServiceXCallsTheJavaServiceYByItsPythonMethodName() {
        assertThat(python.result("standalone_rpc")).isEqualTo(ExamplePairs.STANDALONE_RPC);
        assertThat(python.result("async_rpc")).isEqualTo(new JsonArray(ExamplePairs.ASYNC_RPC));
    }

    @Test
    void pythonServiceAAndTheStandaloneDispatcherReachTheJavaServiceB() {
        assertThat(python.result("events")).isNull();
        assertThat(eventsHandled).isEqualTo(ExamplePairs.EVENTS);
        assertThat(standaloneEventsHandled).isEqualTo(ExamplePairs.STANDALONE_EVENTS);
    }

    @Test
    void aPingFromMonitorReachesTheJavaBroadcastListener() {
        assertThat(broadcastHandled).isEqualTo("pong");
        assertThat(cluster.namekoOutput()).noneMatch(line -> line.contains("Traceback"));
    }

    @Test
    void expectedExceptionsAndSensitiveArgumentsAnswerNamekoAsTheOriginalsDo() {
        assertThat(remoteErrorType("expected_no_token")).isEqualTo(ExamplePairs.EXPECTED_NO_TOKEN)
                .isEqualTo(Unauthenticated.class.getSimpleName());
        assertThat(remoteErrorType("expected_forged_token")).isEqualTo(ExamplePairs.EXPECTED_FORGED_TOKEN)
                .isEqualTo(Unauthorized.class.getSimpleName());
        assertThat(remoteErrorType("sensitive_wrong_password")).isEqualTo(ExamplePairs.SENSITIVE_WRONG_LOGIN);
        assertThat(remoteErrorType("sensitive_unknown_user")).isEqualTo(ExamplePairs.SENSITIVE_WRONG_LOGIN);
    }
}
