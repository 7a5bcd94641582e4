package dev.enoki.launcher;

import dev.enoki.EnokiOptions;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code enoki run}: hosts services in this process until a signal stops it, as {@code nameko run}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs services in this process, one container each, until SIGTERM or Ctrl-C.",
                "A second signal kills without waiting for running calls."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ServiceArguments services;

    @Option(names = "--gateway", paramLabel = "[HOST:]PORT", converter = GatewayAddress.Converter.class,
            description = "Also start the HTTP gateway on this address: POST /api/SERVICE/METHOD, @Http routes, console.")
    GatewayAddress gateway;

    @Override
    public Integer call() throws InterruptedException {
        // A node may be only a gateway: in a cluster it serves the other nodes' services
        if (services.isEmpty() && gateway == null) {
            throw new ParameterException(spec.commandLine(), "name at least one service class or package, or --gateway");
        }
        JsonObject config = connection.config();
        connection.requireAvailable(config);
        if (gateway != null) {
            Gateway.require();
        }
        List<Class<?>> classes = services.resolve(config);
        PrintStream out = System.out;
        // Before any service starts, so their spans have somewhere to go from the first call on
        NodeTracing tracing = NodeTracing.install(EnokiOptions.fromJson(config).tracing(), classes);
        EnokiNode node = new EnokiNode(classes, config, connection.cluster(), gateway, out);
        Signals.install(() -> {
            node.stop();
            tracing.close();   // the drained calls' spans, exported before the process ends
            System.exit(ExitCodes.OK);
        }, () -> {
            out.println("enoki: killed by a second signal");
            node.kill();
            Runtime.getRuntime().halt(ExitCodes.KILLED);
        });
        node.start();
        new CountDownLatch(1).await(); // until a signal ends the process
        return ExitCodes.OK;
    }
}
