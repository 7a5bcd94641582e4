package dev.enoki.gateway;

import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/nodes}, for the console: every node the registry knows, with its services and, where its records
 * name a management server, its readiness ({@code /health/ready}), its busiest methods ({@code /metrics/busiest}) and
 * its callers' circuit breakers ({@code /metrics/breakers}) as that node answers them now. A node that does not
 * answer within two seconds is shown unreachable.
 */
final class NodeOverview implements Handler<RoutingContext> {
    /** The record's extra naming the node's management {@code host:port}. */
    static final String MANAGEMENT = "management";
    private static final long ASK_SECONDS = 2;
    /** Bounds the requests one page load makes. */
    private static final int MAX_NODES = 50;

    private final ServiceRegistry registry;
    private final HttpClient client;

    NodeOverview(ServiceRegistry registry, HttpClient client) {
        this.registry = registry;
        this.client = client;
    }

    @Override
    public void handle(RoutingContext ctx) {
        registry.all().compose(this::describe)
                .onSuccess(nodes -> ctx.json(new JsonObject().put("nodes", nodes)))
                .onFailure(ctx::fail);
    }

    private Future<JsonArray> describe(List<ServiceRecord> records) {
        Map<String, JsonObject> nodes = new TreeMap<>();
        for (ServiceRecord r : records) {
            JsonObject node = nodes.computeIfAbsent(r.nodeId(), id -> new JsonObject().put("node", id)
                    .put("services", new JsonArray()));
            if (!node.getJsonArray("services").contains(r.service())) {
                node.getJsonArray("services").add(r.service());
            }
            String management = r.extra().getString(MANAGEMENT);
            if (management != null) {
                node.put(MANAGEMENT, management);
            }
        }
        List<Future<JsonObject>> asked = new ArrayList<>();
        nodes.values().stream().limit(MAX_NODES).forEach(node -> asked.add(ask(node)));
        return Future.join(asked).transform(done -> Future.succeededFuture(
                new JsonArray(asked.stream().map(Future::result).toList())));
    }

    private Future<JsonObject> ask(JsonObject node) {
        String management = node.getString(MANAGEMENT);
        if (management == null) {
            return Future.succeededFuture(node.put("health", "unknown"));
        }
        int colon = management.lastIndexOf(':');
        String host = management.substring(0, colon);
        // A node listening on every interface is asked on this machine
        String reach = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        int port = Integer.parseInt(management.substring(colon + 1));
        Future<JsonObject> ready = get(reach, port, "/health/ready").map(r -> node
                .put("health", r.getString("status", "DOWN").equals("UP") ? "ready" : "not ready").put("checks", r));
        Future<JsonObject> busiest = get(reach, port, "/metrics/busiest").map(r -> node.put("busiest", r.getJsonArray("list")));
        Future<JsonObject> breakers = get(reach, port, "/metrics/breakers").map(r -> node.put("breakers", r.getJsonArray("list")));
        return Future.join(ready, busiest, breakers).transform(done -> Future.succeededFuture(
                ready.succeeded() ? node : node.put("health", "unreachable").put("error", String.valueOf(ready.cause()))));
    }

    /** The JSON a management server answers, 503 included (readiness says why in it). */
    private Future<JsonObject> get(String host, int port, String path) {
        return client.request(HttpMethod.GET, port, host, path)
                .compose(request -> request.send().compose(HttpClientResponse::body))
                .timeout(ASK_SECONDS, TimeUnit.SECONDS)
                .map(NodeOverview::json);
    }

    private static JsonObject json(Buffer body) {
        return body.toString().stripLeading().startsWith("[") ? new JsonObject().put("list", new JsonArray(body))
                : new JsonObject(body);
    }
}
