package dev.enoki.launcher;

import dev.enoki.discovery.RegistryView;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code enoki services}: the registry as this process sees it. With {@code --cluster} that is the cluster-wide
 * registry; with {@code --broker}, what the nodes on the broker announce and the Nameko services found there;
 * with neither, the registry is local to one process, so it lists the services named on the command line, started
 * here to be inspected.
 */
@Command(name = "services", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the services the registry knows: instances, nodes, RPC methods, events handled.",
                "With --cluster it shows the whole cluster; with --broker, every service on the broker (Enoki's",
                "and Nameko's). Without either, the registry is local to one process: CLASS arguments start",
                "services here to list them."})
final class ServicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ServiceArguments services;

    @Option(names = "--json", description = "Print the registry view as JSON: services, instances (healthy or not), methods.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (LocalNode node = LocalNode.open(connection, services)) {
            ServiceRegistry registry = RegistryFactory.forVertx(node.vertx, node.config);
            if (json) {
                printJson(RegistryView.of(registry).await(30, TimeUnit.SECONDS));
            } else {
                printTable(registry.all().await(30, TimeUnit.SECONDS).stream()
                        .sorted(Comparator.comparing(ServiceRecord::service)).toList(), node);
            }
            return ExitCodes.OK;
        }
    }

    private void printJson(JsonObject view) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(view.encodePrettily());
        out.flush();
    }

    private void printTable(List<ServiceRecord> records, LocalNode node) {
        PrintWriter out = spec.commandLine().getOut();
        if (records.isEmpty()) {
            out.println(connection.cluster() != null ? "no services in " + connection.describeCluster(node.config, node.vertx)
                    : node.config.getValue("AMQP_URI") != null
                    ? "no services on " + ConnectionOptions.describeTransport(node.config)
                    : "no services known to this process: without --cluster or --broker the registry is local to one "
                    + "process (name service classes to start and list them here)");
        } else {
            out.print(ServiceTable.render(records));
        }
        out.flush();
    }
}
