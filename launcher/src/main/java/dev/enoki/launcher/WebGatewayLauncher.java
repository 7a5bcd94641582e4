package dev.enoki.launcher;

import dev.enoki.gateway.GatewayOptions;
import dev.enoki.gateway.WebGateway;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * {@code --gateway [HOST:]PORT} with the web-gateway module: a {@link WebGateway} on the node's Vert.x instance,
 * taking its settings from the config's {@code gateway} section (limits, CORS, JWT...) and its address from the
 * command line. It uses the node's transport and registry, so it reaches whatever the node reaches.
 */
public final class WebGatewayLauncher implements Gateway {

    @Override
    public Future<String> deploy(Vertx vertx, GatewayAddress address, JsonObject config) {
        GatewayOptions options = GatewayOptions.fromJson(config.getJsonObject("gateway", new JsonObject()))
                .setHost(address.host()).setPort(address.port());
        WebGateway gateway = new WebGateway(options, config);
        return gateway.start(vertx).map(v -> "gateway on http://" + address.host() + ":" + gateway.port()
                + "/ (POST /api/SERVICE/METHOD, the services' @Http routes, /api/services, the console at /)");
    }
}
