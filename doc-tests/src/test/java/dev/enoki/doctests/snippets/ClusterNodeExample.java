package dev.enoki.doctests.snippets;

import dev.enoki.ServiceRunner;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** discovery/README.md: a clustered node, compiled. */
final class ClusterNodeExample {
    private ClusterNodeExample() {
    }

    static void start(JsonObject config) {
// doc:begin clustering-a-node
ClusterOptions options = ClusterOptions.fromConfig(config, System.getenv());
Vertx vertx = ClusteredVertx.start(options).await();
new ServiceRunner(vertx, config).addService(PaymentsService.class).start().await();
// doc:end
    }
}
