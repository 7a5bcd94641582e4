package dev.enoki.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.enoki.EnokiClient;
import dev.enoki.UnknownService;
import dev.enoki.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code enoki call}: one RPC from the command line; prints the result as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Calls SERVICE.METHOD once and prints its result as JSON.",
                "A remote error prints its type and message and exits with 6; no answer exits with 7."})
final class CallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "SERVICE.METHOD", description = "The method to call, e.g. greeting_service.hello.")
    String target;

    @Option(names = "--args", paramLabel = "JSON_ARRAY", description = "Positional arguments, e.g. '[\"Matt\"]'.")
    String args = "[]";

    @Option(names = "--kwargs", paramLabel = "JSON_OBJECT", description = "Keyword arguments, e.g. '{\"name\": \"Matt\"}'.")
    String kwargs = "{}";

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait: 500ms, 5s, 2m (default: config rpc_timeout, else 30s).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        int dot = target.lastIndexOf('.');
        if (dot <= 0 || dot == target.length() - 1) {
            throw new ParameterException(spec.commandLine(), "'" + target + "' is not SERVICE.METHOD");
        }
        String service = target.substring(0, dot);
        String method = target.substring(dot + 1);
        JsonObject config = connection.config();
        connection.requireAvailable(config);
        OneShotLogging.quietUnlessAsked();
        // Joining a cluster is mostly waiting on another thread: the arguments are read meanwhile
        Future<Vertx> starting = connection.beginVertx(config, false);
        List<Object> positional;
        Map<String, Object> keywords;
        try {
            positional = parse("--args", args, new TypeReference<>() { });
            keywords = parse("--kwargs", kwargs, new TypeReference<>() { });
        } catch (RuntimeException e) {
            starting.onSuccess(Vertx::close);
            throw e;
        }
        Vertx vertx = connection.awaitVertx(config, starting);
        try (EnokiClient client = ServiceArguments.connect(vertx, config)) {
            EnokiClient timed = timeout == null ? client : client.withTimeout(timeout);
            Object result = timed.proxy(service).callWithKwargs(method, Object.class, positional, keywords);
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(result));
            return ExitCodes.OK;
        } catch (LauncherException e) {
            throw e;
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println(CallFailure.describe(e));
            if (e instanceof UnknownService && connection.cluster() == null && !config.containsKey("AMQP_URI")) {
                spec.commandLine().getErr().println("(the embedded event bus reaches only this process: "
                        + "pass --broker or --cluster to reach services run elsewhere)");
            }
            return CallFailure.exitCode(e);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private <T> T parse(String option, String json, TypeReference<T> type) {
        try {
            T value = Json.mapper().readValue(json, type);
            if (value == null) {
                throw new ParameterException(spec.commandLine(), option + " must not be null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), option + " is not valid JSON of the right shape: "
                    + e.getOriginalMessage());
        }
    }
}
