package dev.enoki.doctests.snippets;

import dev.enoki.EnokiClient;
import dev.enoki.discovery.ClusterOptions;
import dev.enoki.discovery.ClusteredVertx;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

/** discovery/README.md: a client of the cluster, compiled. */
final class ClusterClientExample {
    private ClusterClientExample() {
    }

    static EnokiClient connect(JsonObject config) {
// doc:begin cluster-client
Vertx vertx = ClusteredVertx.clientBuilder(ClusterOptions.fromConfig(config, System.getenv()), new VertxOptions())
        .buildClustered().await();
EnokiClient client = EnokiClient.connect(vertx, config).await();
// doc:end
        return client;
    }
}
