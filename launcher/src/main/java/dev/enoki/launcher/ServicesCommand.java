package dev.enoki.launcher;

import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.ServiceRunner;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
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
 * {@code enoki services}: the registry as this process sees it. Without the discovery module the registry is local
 * to one process, so it lists the services named on the command line, started here to be inspected.
 */
@Command(name = "services", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the services the registry knows: instances, nodes, RPC methods, events handled.",
                "The registry this build has is local to one process: CLASS arguments start services here to list",
                "them; with the discovery module and --cluster it shows the whole cluster."})
final class ServicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    ServiceArguments services;

    @Option(names = "--json", description = "Print the registry records as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        JsonObject config = connection.config();
        connection.requireAvailable(config);
        List<Class<?>> classes = services.resolve(config);
        Vertx vertx = connection.startVertx();
        ServiceRunner runner = null;
        try {
            runner = classes.isEmpty() ? null : ServiceArguments.start(vertx, config, classes);
            List<ServiceRecord> records = RegistryFactory.forVertx(vertx, config).all().await(30, TimeUnit.SECONDS)
                    .stream().sorted(Comparator.comparing(ServiceRecord::service)).toList();
            print(records);
            return ExitCodes.OK;
        } finally {
            if (runner != null) {
                runner.stop().await(30, TimeUnit.SECONDS);
            }
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private void print(List<ServiceRecord> records) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonArray array = new JsonArray();
            records.forEach(r -> array.add(r.toJson()));
            out.println(array.encodePrettily());
        } else if (records.isEmpty()) {
            out.println("no services known to this process: the registry of this build is local to one process "
                    + "(name service classes to start and list them here)");
        } else {
            out.print(ServiceTable.render(records));
        }
        out.flush();
    }
}
