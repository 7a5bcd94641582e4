package dev.enoki.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ServiceLoader;

/**
 * Starts the HTTP gateway {@code --gateway} asks for, on the node's Vert.x instance once its services run. Found
 * with {@link ServiceLoader} ({@code META-INF/services/dev.enoki.launcher.Gateway}); this build's is
 * {@link WebGatewayLauncher}.
 */
public interface Gateway {

    /** Deploys the gateway; the future holds a line to print, such as the URL it listens on. */
    Future<String> deploy(Vertx vertx, GatewayAddress address, JsonObject config);

    static Gateway require() {
        return ServiceLoader.load(Gateway.class, Gateway.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new LauncherException(ExitCodes.NOT_IN_THIS_BUILD,
                        "--gateway is not available in this build: no dev.enoki.launcher.Gateway is on the class path"));
    }
}
