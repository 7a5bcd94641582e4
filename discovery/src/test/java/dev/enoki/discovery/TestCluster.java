package dev.enoki.discovery;

import dev.enoki.EnokiClient;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.testsupport.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A cluster of real JVMs on 127.0.0.1 for one test class: a unique cluster name and free ports so runs never
 * collide. The test JVM itself is node "A" (one clustered Vert.x instance); the other nodes are child processes,
 * always destroyed on {@link #close()}.
 */
final class TestCluster implements AutoCloseable {
    private final String clusterName = "enoki-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final JsonObject discovery;
    private final JsonObject clusterExtra;
    private final List<NodeProcess> processes = new ArrayList<>();
    private final File logDir;
    private Vertx local;
    private EnokiClient client;

    /**
     * @param nodeNames every node that may join, the test JVM's "A" included, so each knows the others' ports
     * @param discovery the {@code discovery} config section (ttl, heartbeat)
     * @param cluster extra {@code cluster} settings, such as {@code failure_timeout}
     */
    TestCluster(List<String> nodeNames, JsonObject discovery, JsonObject cluster) {
        nodeNames.forEach(n -> ports.put(n, FreePorts.next()));
        this.discovery = discovery;
        this.clusterExtra = cluster;
        this.logDir = new File("target/nodes/" + clusterName);
    }

    JsonObject config(String node) {
        JsonArray members = new JsonArray();
        ports.values().forEach(p -> members.add("127.0.0.1:" + p));
        JsonObject cluster = clusterExtra.copy().put("name", clusterName).put("members", members)
                .put("host", "127.0.0.1").put("port", ports.get(node)).put("port_auto_increment", false);
        return new JsonObject().put("cluster", cluster).put("discovery", discovery.copy()).put("rpc_timeout", "5s");
    }

    /** Node A: this JVM joins the cluster, with a client on it. */
    EnokiClient startLocal() {
        JsonObject config = config("A");
        local = ClusteredVertx.start(ClusterOptions.fromConfig(config, Map.of())).await();
        client = EnokiClient.connect(local, config).await();
        return client;
    }

    Vertx local() {
        return local;
    }

    ClusterRegistry registry() {
        return ClusterRegistry.of(local, DiscoveryOptions.fromConfig(config("A"), Map.of()));
    }

    NodeProcess startNode(String name, String services) {
        NodeProcess node = NodeProcess.start(name, config(name).encode(), services, logDir);
        processes.add(node);
        return node;
    }

    /** Instances of {@code service} on {@code node} that this JVM's registry lists. */
    static long instancesOn(ServiceRegistry registry, String service, String nodeId) {
        List<ServiceRecord> instances = registry.instances(service).await();
        return instances.stream().filter(r -> r.nodeId().equals(nodeId)).count();
    }

    @Override
    public void close() {
        processes.forEach(NodeProcess::close);
        if (client != null) {
            client.close();
        }
        if (local != null) {
            local.close().await();
        }
    }
}
