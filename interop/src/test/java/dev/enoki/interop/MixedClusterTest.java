package dev.enoki.interop;

import dev.enoki.IncorrectSignature;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceProxy;
import dev.enoki.UnknownService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster: real Python Nameko services (interop_services.py) beside Enoki services on one vhost. Nameko's
 * {@code ClusterRpcProxy} and standalone event dispatcher (interop_client.py, run once) call and dispatch to Enoki;
 * an Enoki client calls and dispatches to Nameko; a chain goes Python, Java, Python; and {@code mixed_listener} runs
 * in both languages at once.
 */
class MixedClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Object> CONTEXT = Map.of("language", "fr-FR", "user_id", "u-7",
            "auth_token", "tok-1", "user_agent", "interop-client");
    /** A Nameko or Enoki client's call id: the first of every call id stack it starts. */
    private static final String CLIENT_CALL_ID = "standalone_rpc_proxy\\.call\\.[0-9a-f-]{36}";
    private static final String UUID = "[0-9a-f-]{32,36}";

    private static MixedCluster cluster;
    /** What interop_client.py saw, by case. */
    private static ScriptResults python;

    @BeforeAll
    static void start() {
        cluster = MixedCluster.start(false, List.of("interop_services"), 4,
                JavaInteropService.class, JavaMiddle.class, MixedListener.class);
        python = cluster.runScript("interop_client.py");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The values of {@code names} in {@code object}, JSON arrays as lists. */
    private static List<Object> fields(JsonObject object, String... names) {
        return java.util.Arrays.stream(names).map(n -> object.getValue(n) instanceof JsonArray a ? a.getList()
                : object.getValue(n)).toList();
    }

    private static List<String> stack(JsonObject seen) {
        return seen.getJsonArray("call_id_stack").stream().map(String::valueOf).toList();
    }

    @Test
    void namekoCallsEnokiWithArgsKwargsAndPythonNames() {
        assertThat(python.result("args")).isEqualTo("Hello, Ann!");
        assertThat(python.result("kwargs")).isEqualTo("Bonjour, Ann!");
        assertThat(python.result("args_and_kwargs")).isEqualTo("Hej, Ann!");
        assertThat(python.result("call_async")).isEqualTo(new JsonArray().add("Hello, first!").add("Hello, second!"));
        assertThat(python.result("values")).isEqualTo(new JsonObject().put("full_name", "Zoë Ünïcode").put("age", 42)
                .put("tags", new JsonArray().add("a").add("b")).put("extra", new JsonObject().put("ratio", 1.5)
                        .putNull("none").put("nested", new JsonObject().put("list", new JsonArray().add(1).add("two")
                                .add(true)))));
        // full_name= binds fullName, who_called reaches whoCalled
        assertThat(((JsonObject) python.result("python_keywords")).getString("full_name")).isEqualTo("Zoë");
        assertThat(python.result("python_method_name")).isInstanceOf(JsonObject.class);
    }

    @Test
    void enokiErrorsReachNamekoWithTheirTypesAndPaths() {
        assertThat(fields(python.error("fail_value"), "class", "exc_type", "value"))
                .containsExactly("RemoteError", "IllegalArgumentException", "bad value");
        assertThat(python.error("fail_state").getString("exc_type")).isEqualTo("IllegalStateException");
        // registered under dev.enoki.interop.Conflict, so the exc_path is the Java class's
        assertThat(fields(python.error("fail_conflict"), "class", "args")).containsExactly("JavaConflict", List.of("taken"));
        assertThat(python.error("fail_unserializable").getString("exc_type")).isEqualTo("UnserializableValueError");
        assertThat(python.result("fail_none")).isEqualTo("no failure");
        // Nameko's own classes: the exc_path is nameko.exceptions.*
        assertThat(fields(python.error("unknown_method"), "class", "args"))
                .containsExactly("MethodNotFound", List.of("no_such_method"));
        assertThat(python.error("unknown_service").getString("class")).isEqualTo("UnknownService");
        for (String signature : List.of("missing_argument", "too_many_arguments", "unexpected_keyword", "wrong_type")) {
            assertThat(python.error(signature).getString("class")).as(signature).isEqualTo("IncorrectSignature");
        }
        assertThat(python.error("unexpected_keyword").getJsonArray("args").getString(0)).contains("'nom'");
        assertThat(python.error("timeout").getString("class")).isEqualTo("RpcTimeout");
    }

    @Test
    void contextDataAndCallIdStackGoFromNamekoToEnoki() {
        JsonObject seen = (JsonObject) python.result("python_method_name");
        assertThat(seen.getJsonObject("context").getMap()).containsAllEntriesOf(CONTEXT);
        assertThat(stack(seen)).satisfiesExactly(
                id -> assertThat(id).matches(CLIENT_CALL_ID),
                id -> assertThat(id).matches("java_interop\\.whoCalled\\." + UUID));
    }

    @Test
    void aChainFromPythonThroughJavaToPythonKeepsItsContextAndCallIdStack() {
        JsonObject chain = (JsonObject) python.result("chain");
        assertThat(chain.getString("value")).isEqualTo("start>py_front>java_middle>py_back");
        assertThat(chain.getJsonObject("context").getMap()).containsAllEntriesOf(CONTEXT);
        assertThat(stack(chain)).satisfiesExactly(
                id -> assertThat(id).matches(CLIENT_CALL_ID),
                id -> assertThat(id).matches("py_front\\.relay\\." + UUID),
                id -> assertThat(id).matches("java_middle\\.relay\\." + UUID),
                id -> assertThat(id).matches("py_back\\.trace\\." + UUID));
    }

    @Test
    void enokiCallsNamekoWithArgsKwargsAndAJavaNamedTypedProxy() {
        ServiceProxy py = cluster.client().proxy("py_interop");
        assertThat(py.call("greet", "Ann")).isEqualTo("Hello, Ann!");
        String greeted = py.callWithKwargs("greet", String.class, List.of("Ann"), Map.of("greeting", "Hej"));
        assertThat(greeted).isEqualTo("Hej, Ann!");
        Map<String, Object> extra = new HashMap<>();
        extra.put("ratio", 1.5);
        extra.put("none", null);
        extra.put("nested", Map.of("list", List.of(1, "two", true)));
        Object described = py.callWithKwargs("describe", Object.class, List.of("Zoë Ünïcode", 42),
                Map.of("tags", List.of("a"), "extra", extra));
        assertThat(described).isEqualTo(Map.of("full_name", "Zoë Ünïcode", "age", 42, "tags", List.of("a"),
                "extra", extra));
        // dispatchPing is dispatch_ping in Python: the typed proxy finds it under that name
        PyInterop typed = cluster.client().proxy("py_interop", PyInterop.class);
        assertThat(typed.dispatchPing(Map.of("from", "typed"))).startsWith("py_interop.dispatch_ping.");
        assertThat(typed.greet("Bo")).isEqualTo("Hello, Bo!");
    }

    /** py_interop's methods, named in Java's way. */
    public interface PyInterop {
        String greet(String name);

        String dispatchPing(Object payload);
    }

    @Test
    void namekoErrorsReachEnokiWithTheirTypesAndPaths() {
        ServiceProxy py = cluster.client().proxy("py_interop");
        assertThatThrownBy(() -> py.call("fail", "value")).isInstanceOfSatisfying(RemoteError.class, e -> {
            assertThat(e.excType()).isEqualTo("ValueError");
            assertThat(e.excPath()).isEqualTo("builtins.ValueError");
            assertThat(e.value()).isEqualTo("bad value");
            assertThat(e.excArgs()).containsExactly("bad value");
        });
        assertThatThrownBy(() -> py.call("fail", "key")).isInstanceOfSatisfying(RemoteError.class, e ->
                assertThat(List.of(e.excType(), e.excPath(), e.value())).containsExactly("KeyError", "builtins.KeyError",
                        "'k'"));
        assertThatThrownBy(() -> py.call("fail", "conflict")).isInstanceOfSatisfying(RemoteError.class, e ->
                assertThat(List.of(e.excType(), e.excPath(), e.value())).containsExactly("Conflict",
                        "interop_services.Conflict", "taken"));
        assertThatThrownBy(() -> py.call("fail", "unserializable")).isInstanceOfSatisfying(RemoteError.class, e ->
                assertThat(e.excType()).isEqualTo("UnserializableValueError"));
        assertThatThrownBy(() -> py.call("no_such_method")).isInstanceOf(MethodNotFound.class)
                .hasMessageContaining("no_such_method");
        assertThatThrownBy(() -> cluster.client().proxy("no_such_service").call("anything"))
                .isInstanceOf(UnknownService.class);
        assertThatThrownBy(() -> py.withTimeout(Duration.ofMillis(500)).call("slow", 3)).isInstanceOf(RpcTimeout.class);
        assertThatThrownBy(() -> py.call("greet")).isInstanceOf(IncorrectSignature.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> py.call("greet", "a", "b", "c")).isInstanceOf(IncorrectSignature.class);
        assertThatThrownBy(() -> py.callWithKwargs("greet", Object.class, List.of(), Map.of("nom", "Ann")))
                .isInstanceOf(IncorrectSignature.class).hasMessageContaining("nom");
    }

    @Test
    @SuppressWarnings("unchecked")
    void contextDataAndCallIdStackGoFromEnokiToNameko() {
        Map<String, Object> seen = (Map<String, Object>) cluster.client().withContextData(CONTEXT)
                .proxy("py_interop").call("context");
        assertThat((Map<String, Object>) seen.get("context")).containsAllEntriesOf(CONTEXT);
        assertThat((List<String>) seen.get("call_id_stack")).satisfiesExactly(
                id -> assertThat(id).matches(CLIENT_CALL_ID),
                id -> assertThat(id).matches("py_interop\\.context\\." + UUID));
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventsGoBothWaysWithTheirCallIdStacks() {
        // Python's py_interop.dispatch_ping, called by interop_client.py, reached Java's onPing
        String pythonDispatcher = (String) python.result("dispatch_ping");
        Map<String, Object> ping = awaitJava(e -> "java_interop.on_ping".equals(e.get("handler"))
                && Map.of("from", "python").equals(e.get("payload")));
        assertThat((List<String>) ping.get("call_id_stack")).satisfiesExactly(
                id -> assertThat(id).matches(CLIENT_CALL_ID),
                id -> assertThat(id).isEqualTo(pythonDispatcher),
                id -> assertThat(id).matches("java_interop\\.onPing\\." + UUID));
        assertThat((Map<String, Object>) ping.get("context")).containsAllEntriesOf(CONTEXT);

        String javaDispatcher = (String) cluster.client().withContextData(CONTEXT).proxy("java_interop")
                .call("dispatchPong", Map.of("from", "java"));
        Map<String, Object> pong = awaitPython(e -> "py_interop.on_pong".equals(e.get("handler")));
        assertThat(pong.get("payload")).isEqualTo(Map.of("from", "java"));
        assertThat((List<String>) pong.get("call_id_stack")).satisfiesExactly(
                id -> assertThat(id).matches(CLIENT_CALL_ID),
                id -> assertThat(id).isEqualTo(javaDispatcher),
                id -> assertThat(id).matches("py_interop\\.on_pong\\." + UUID));
        assertThat((Map<String, Object>) pong.get("context")).containsAllEntriesOf(CONTEXT);
    }

    @Test
    void aServiceRunningInBothLanguagesHandlesEachEventAsItsHandlerTypeSays() {
        // interop_client.py dispatched n = 100..103 with Nameko's standalone dispatcher; Enoki dispatches 0..3
        for (int n = 0; n < 4; n++) {
            cluster.client().dispatch("mixed_source", "tick", Map.of("n", n, "from", "java"));
        }
        List<Integer> all = List.of(0, 1, 2, 3, 100, 101, 102, 103);
        await("every tick handled as its handler types say").atMost(WAIT).until(() -> {
            List<Map<String, Object>> java = Received.events();
            List<Map<String, Object>> py = pythonReceived();
            return all.stream().allMatch(n -> count(java, "pool", n) + count(py, "pool", n) >= 1
                    && count(java, "singleton", n) + count(py, "singleton", n) >= 1
                    && count(java, "broadcast", n) >= 1 && count(py, "broadcast", n) >= 1);
        });
        List<Map<String, Object>> java = Received.events();
        List<Map<String, Object>> py = pythonReceived();
        for (int n : all) {
            assertThat(count(java, "pool", n) + count(py, "pool", n)).as("service pool, tick " + n).isEqualTo(1);
            assertThat(count(java, "singleton", n) + count(py, "singleton", n)).as("singleton, tick " + n).isEqualTo(1);
            assertThat(count(java, "broadcast", n)).as("broadcast in Java, tick " + n).isEqualTo(1);
            assertThat(count(py, "broadcast", n)).as("broadcast in Python, tick " + n).isEqualTo(1);
        }
    }

    private static long count(List<Map<String, Object>> events, String handler, int n) {
        return events.stream().filter(e -> handler.equals(e.get("handler"))
                && e.get("payload") instanceof Map<?, ?> payload && Integer.valueOf(n).equals(payload.get("n"))).count();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> pythonReceived() {
        return (List<Map<String, Object>>) cluster.client().proxy("py_interop").call("received");
    }

    private static Map<String, Object> awaitJava(Predicate<Map<String, Object>> event) {
        return await().atMost(WAIT).until(() -> Received.events().stream().filter(event).findFirst().orElse(null),
                e -> e != null);
    }

    private static Map<String, Object> awaitPython(Predicate<Map<String, Object>> event) {
        return await().atMost(WAIT).until(() -> pythonReceived().stream().filter(event).findFirst().orElse(null),
                e -> e != null);
    }
}
