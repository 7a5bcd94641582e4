package dev.enoki;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.Futures;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the log must never hold: sensitive arguments, auth tokens, broker passwords; and JSON never names a class. */
class LogSecrecyTest {
    private static final String PASSWORD = "hunter2-do-not-log";
    private static final String TOKEN = "Bearer token-do-not-log";

    private final ContainerFactory factory = new ContainerFactory();
    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @Service("login")
    public static class Login {
        @Rpc(sensitiveArguments = "password")
        public String login(String user, String password) {
            throw new IllegalStateException("no such user: " + user);
        }

        @Rpc
        public Object echo(Object anything) {
            return anything.getClass().getName();
        }
    }

    @AfterEach
    void close() {
        factory.close();
    }

    @Test
    void aFailingWorkerLogsItsArgumentsWithTheSensitiveOnesMasked() {
        factory.start(Login.class);
        EnokiClient client = factory.client().withContextData(Map.of(WorkerContext.AUTH_TOKEN, TOKEN));

        assertThatThrownBy(() -> client.proxy("login").call("login", "ann", PASSWORD)).isInstanceOf(RemoteError.class);

        assertThat(log()).contains("login(", "\"ann\"", "********").doesNotContain(PASSWORD, TOKEN);
    }

    @Test
    void aPayloadShapedLikeADeserializationGadgetBindsAsPlainJson() {
        factory.start(Login.class);
        var login = factory.client().proxy("login");

        Object typed = Map.of("@class", "java.lang.ProcessBuilder", "command", List.of("touch", "/tmp/owned"));
        Object wrapped = List.of("java.lang.ProcessBuilder", Map.of("command", List.of("touch", "/tmp/owned")));

        assertThat(login.call("echo", String.class, typed)).isEqualTo("java.util.LinkedHashMap");
        assertThat(login.call("echo", String.class, wrapped)).isEqualTo("java.util.ArrayList");
    }

    @Test
    void theBrokerPasswordIsNeverLoggedWhetherTheLoginWorksOrNot() throws IOException, InterruptedException {
        String user = "enoki-log-test";
        rabbitmqctl("add_user", user, PASSWORD);
        try {
            rabbitmqctl("set_permissions", "-p", "/", user, ".*", ".*", ".*");
            Vertx vertx = factory.vertx();
            JsonObject good = new JsonObject().put("AMQP_URI", "amqp://" + user + ":" + PASSWORD + "@127.0.0.1:5672/");
            JsonObject bad = new JsonObject().put("AMQP_URI", "amqp://" + user + ":" + PASSWORD + "-wrong@127.0.0.1:5672/");

            Futures.await(EnokiClient.connect(vertx, good)).close();
            assertThatThrownBy(() -> Futures.await(EnokiClient.connect(vertx, bad))).isInstanceOf(RuntimeException.class);

            assertThat(log()).contains("127.0.0.1:5672").doesNotContain(PASSWORD);
        } finally {
            rabbitmqctl("delete_user", user);
        }
    }

    private String log() {
        return logs.events().stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }

    private static void rabbitmqctl(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }
}
