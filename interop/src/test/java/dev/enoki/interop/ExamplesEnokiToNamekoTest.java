package dev.enoki.interop;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.demo.events.ServiceA;
import dev.enoki.demo.events.StandaloneEventsExample;
import dev.enoki.demo.rpc.AsyncRpcExample;
import dev.enoki.demo.rpc.ServiceX;
import dev.enoki.demo.rpc.StandaloneRpcExample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java ports of Nameko's documentation examples (demo-services) calling and dispatching to the Python originals,
 * unchanged: the Java service_x calls Python's service_y, the Java service_a and the standalone examples' Java
 * forms reach Python's service_b, a ping reaches Python's broadcast listener, and calls reach Python's
 * helloworld, expected_exceptions and sensitive_arguments (examples_renamed.py) with the results of
 * {@link ExamplePairs}.
 */
class ExamplesEnokiToNamekoTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MixedCluster cluster;

    @BeforeAll
    static void start() {
        cluster = MixedCluster.start(true, List.of("examples.helloworld", "examples.rpc:ServiceY",
                        "examples.events:ServiceB", "examples.event_broadcast", "examples_renamed"), 6,
                ServiceX.class, ServiceA.class);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void awaitPythonLine(String line) {
        org.awaitility.Awaitility.await(line).atMost(WAIT).until(() -> cluster.namekoOutput().contains(line));
    }

    @Test
    void helloworldCalledFromEnokiAnswersFromPython() {
        assertThat(cluster.client().proxy("greeting_service").call("hello", String.class, "Matt"))
                .isEqualTo(ExamplePairs.HELLO);
    }

    @Test
    void theJavaServiceXCallsPythonServiceYThroughItsTypedProxy() {
        assertThat(StandaloneRpcExample.callServiceX(cluster.client())).isEqualTo(ExamplePairs.STANDALONE_RPC);
        assertThat(AsyncRpcExample.helloWorld(cluster.client())).isEqualTo(ExamplePairs.ASYNC_RPC);
    }

    @Test
    void theJavaServiceAAndTheStandaloneDispatcherReachPythonServiceB() {
        cluster.client().proxy("service_a").call("dispatchingMethod", "payload");
        awaitPythonLine(ExamplePairs.EVENTS);
        StandaloneEventsExample.dispatchAsServiceA(cluster.client(), "payløad");
        awaitPythonLine(ExamplePairs.STANDALONE_EVENTS);
    }

    @Test
    void aPingFromMonitorReachesPythonsBroadcastListener() {
        cluster.client().dispatch("monitor", "ping", "ping");
        awaitPythonLine(ExamplePairs.BROADCAST);
    }

    @Test
    void expectedExceptionsAndSensitiveArgumentsAnswerEnokiAsTheJavaPortsDo() {
        EnokiClient client = cluster.client();
        assertThatThrownBy(() -> client.proxy("expected_service").call("update", Map.of()))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo(ExamplePairs.EXPECTED_NO_TOKEN);
                    assertThat(e.excPath()).isEqualTo("examples.auth.Unauthenticated");
                });
        assertThatThrownBy(() -> client.withContextData(Map.of("auth", "not-a-token")).proxy("expected_service")
                .call("update", Map.of())).isInstanceOfSatisfying(RemoteError.class, e ->
                assertThat(e.excType()).isEqualTo(ExamplePairs.EXPECTED_FORGED_TOKEN));
        assertThatThrownBy(() -> client.proxy("sensitive_service").call("login", "matt", "wrong"))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo(ExamplePairs.SENSITIVE_WRONG_LOGIN);
                    assertThat(e.value()).isEqualTo("Incorrect password");
                });
        assertThatThrownBy(() -> client.proxy("sensitive_service").call("login", "nobody", "x"))
                .isInstanceOfSatisfying(RemoteError.class, e -> {
                    assertThat(e.excType()).isEqualTo(ExamplePairs.SENSITIVE_WRONG_LOGIN);
                    assertThat(e.value()).isEqualTo("User does not exist");
                });
    }
}
