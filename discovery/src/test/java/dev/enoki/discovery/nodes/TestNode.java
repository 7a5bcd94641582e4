package dev.enoki.discovery.nodes;

import dev.enoki.ServiceRunner;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A cluster node in its own JVM, for the multi-process tests: joins the cluster the config names, runs the services
 * listed in {@code services}, prints {@code READY <name> <nodeId>}, and reports what its handlers see as lines on
 * standard output. It stops gracefully when its standard input closes (so it also goes when the test JVM dies).
 *
 * <p>Usage: {@code TestNode <name> <config-json> <service>[,<service>...]}
 */
public final class TestNode {
    private static volatile String name = "?";

    private TestNode() {
    }

    /** This node's name, as the tests know it. */
    public static String name() {
        return name;
    }

    /** Prints one report line, such as {@code EVENT B listener.onPool 7}. */
    public static void report(String kind, String text) {
        System.out.println(kind + " " + name + " " + text);
    }

    public static void main(String[] args) throws IOException {
        name = args[0];
        JsonObject config = new JsonObject(args[1]);
        Vertx vertx = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await();
        ServiceRunner runner = new ServiceRunner(vertx, config);
        for (String service : args[2].split(",")) {
            runner.addService(serviceClass(service));
        }
        runner.start().await();
        System.out.println("READY " + name + " " + runner.containers().get(0).registry().nodeId());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // nothing to do: the node runs until its input closes
        }
        runner.stop().eventually(vertx::close).await();
        System.exit(0);
    }

    private static Class<?> serviceClass(String service) {
        return switch (service) {
            case "greeter" -> GreeterService.class;
            case "listener" -> ListenerService.class;
            case "auditor" -> AuditService.class;
            case "failing_jobs" -> FailingJobService.class;
            default -> throw new IllegalArgumentException("no test service named " + service);
        };
    }
}
