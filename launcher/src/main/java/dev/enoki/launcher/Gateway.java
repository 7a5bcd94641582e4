package dev.enoki.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ServiceLoader;

/**
 * Starts the HTTP gateway {@code --gateway} asks for, on the node's Vert.x instance once its services run. The
 * implementation arrives with the web-gateway module as a class of this package listed in
 * {@code META-INF/services/dev.enoki.launcher.Gateway}; until then {@link #require()} refuses clearly.
 */
public interface Gateway {

    /** Deploys the gateway; the future holds a line to print, such as the URL it listens on. */
    Future<String> deploy(Vertx vertx, GatewayAddress address, JsonObject config);

    static Gateway require() {
        return ServiceLoader.load(Gateway.class, Gateway.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LauncherException(ExitCodes.NOT_IN_THIS_BUILD,
                        "--gateway is not available in this build: the HTTP gateway comes with the web-gateway "
                                + "module, which this enoki.jar does not contain yet"));
    }
}
