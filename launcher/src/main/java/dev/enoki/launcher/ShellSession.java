package dev.enoki.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.enoki.EnokiClient;
import dev.enoki.json.Json;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs shell statements against a client and the registry, and says what came of each as text. */
final class ShellSession {
    static final String HELP = String.join(System.lineSeparator(),
            "n.rpc.SERVICE.METHOD(args...)   call a method (also n.SERVICE.METHOD); name=value passes a keyword",
            "n.dispatch_event(SOURCE, EVENT_TYPE, PAYLOAD)   dispatch an event as if SOURCE had",
            "services                        the services the registry knows",
            "n.config                        the config, secrets masked",
            "help                            this text",
            "exit                            leave (also quit, n.disconnect(), Ctrl-D); Ctrl-C cancels a running call",
            "Arguments are JSON values; single quotes, unquoted keys and True/False/None (at any depth) are accepted.");

    /** What a statement printed, whether it failed (and with which exit code), and whether the session ends. */
    record Outcome(String text, int exitCode, boolean exit) {
        boolean failed() {
            return exitCode != ExitCodes.OK;
        }
    }

    private final EnokiClient client;
    private final ServiceRegistry registry;
    private final JsonObject config;
    private final AtomicReference<CompletableFuture<Object>> running = new AtomicReference<>();

    ShellSession(EnokiClient client, ServiceRegistry registry, JsonObject config) {
        this.client = client;
        this.registry = registry;
        this.config = config;
    }

    Outcome execute(String line) {
        ShellStatement statement;
        try {
            statement = ShellStatement.parse(line);
        } catch (IllegalArgumentException e) {
            return new Outcome("error: " + e.getMessage(), ExitCodes.USAGE, false);
        }
        try {
            return run(statement);
        } catch (RuntimeException e) {
            return new Outcome(CallFailure.describe(e), CallFailure.exitCode(e), false);
        }
    }

    private Outcome run(ShellStatement statement) {
        if (statement instanceof ShellStatement.Call call) {
            CompletableFuture<Object> reply = client.proxy(call.service())
                    .callWithKwargsAsync(call.method(), Object.class, call.args(), call.kwargs())
                    .toCompletionStage().toCompletableFuture();
            running.set(reply);
            try {
                return ok(json(reply.join()));
            } catch (CancellationException e) {
                return new Outcome("call cancelled (" + call.service() + "." + call.method()
                        + " may still run it)", ExitCodes.NO_ANSWER, false);
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            } finally {
                running.set(null);
            }
        }
        if (statement instanceof ShellStatement.Dispatch dispatch) {
            client.dispatch(dispatch.source(), dispatch.eventType(), dispatch.payload());
            return ok("dispatched " + dispatch.source() + "." + dispatch.eventType());
        }
        if (statement instanceof ShellStatement.Builtin builtin) {
            return switch (builtin.name()) {
                case "exit" -> new Outcome("", ExitCodes.OK, true);
                case "help" -> ok(HELP);
                case "config" -> ok(SecretMasker.mask(config).encodePrettily());
                default -> ok(servicesTable());
            };
        }
        return ok("");
    }

    /**
     * Stops waiting for the call running now, if any: {@link #execute} then returns "call cancelled". The request is
     * already sent, so the service may still run it; its late reply is dropped. Safe from any thread (a signal's).
     */
    boolean cancelRunningCall() {
        CompletableFuture<Object> reply = running.get();
        return reply != null && reply.cancel(false);
    }

    List<ServiceRecord> records() {
        try {
            return registry.all().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return List.of();
        }
    }

    private String servicesTable() {
        List<ServiceRecord> records = records();
        return records.isEmpty() ? "no services known to this process" : ServiceTable.render(records).stripTrailing();
    }

    private static Outcome ok(String text) {
        return new Outcome(text, ExitCodes.OK, false);
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
