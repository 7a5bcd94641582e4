package dev.enoki.launcher;

import dev.enoki.discovery.ClusterEventQueues;
import dev.enoki.registry.RegistryFactory;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code enoki events --cluster}: the cluster's event queues, each with its depth, its dead letters and whether a
 * live instance subscribes to it; {@code enoki events purge QUEUE --cluster} drops one, with its events.
 */
@Command(name = "events", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the cluster's event queues (handler queues that keep events for reliable handlers):",
                "events waiting, dead letters, and whether any live instance still subscribes.",
                "'events purge QUEUE' drops a queue and its events; a handler that still subscribes declares",
                "it again when it next starts."})
final class EventsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(arity = "0..2", paramLabel = "purge QUEUE", description = "purge and the queue's name")
    List<String> action = List.of();

    @Override
    public Integer call() throws Exception {
        boolean purge = !action.isEmpty();
        if (purge && (action.size() != 2 || !action.get(0).equals("purge"))) {
            throw new ParameterException(spec.commandLine(),
                    "expected 'events' or 'events purge QUEUE', not 'events " + String.join(" ", action) + "'");
        }
        try (LocalNode node = LocalNode.open(connection, new ServiceArguments())) {
            PrintWriter out = spec.commandLine().getOut();
            if (purge) {
                int dropped = ClusterEventQueues.purge(node.vertx, action.get(1))
                        .await(30, TimeUnit.SECONDS);
                out.println("purged " + action.get(1) + ": " + dropped + " event(s) dropped");
            } else {
                ServiceRegistry registry = RegistryFactory.forVertx(node.vertx, node.config);
                print(out, registry.eventQueues().await(30, TimeUnit.SECONDS));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static void print(PrintWriter out, JsonArray queues) {
        if (queues.isEmpty()) {
            out.println("no event queues (they exist on a Hazelcast cluster, once a reliable handler has started)");
            return;
        }
        out.printf("%-60s %8s %6s  %s%n", "QUEUE", "WAITING", "DEAD", "SUBSCRIBED");
        for (Object o : queues) {
            JsonObject q = (JsonObject) o;
            out.printf("%-60s %8d %6d  %s%n", q.getString("queue"), q.getInteger("depth", 0),
                    q.getInteger("dead", 0), q.getBoolean("subscribed", false) ? "yes" : "no (nobody takes them)");
        }
    }
}
