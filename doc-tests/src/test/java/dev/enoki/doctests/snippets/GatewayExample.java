package dev.enoki.doctests.snippets;

import dev.enoki.gateway.GatewayOptions;
import dev.enoki.gateway.WebGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** web-gateway/README.md: a gateway started by hand, compiled. */
final class GatewayExample {
    private GatewayExample() {
    }

    static void start(JsonObject gatewayJson, JsonObject enokiConfig) {
// doc:begin gateway-start
Vertx vertx = Vertx.vertx();
WebGateway gateway = new WebGateway(GatewayOptions.fromJson(gatewayJson), enokiConfig);
gateway.start(vertx);
// doc:end
    }
}
