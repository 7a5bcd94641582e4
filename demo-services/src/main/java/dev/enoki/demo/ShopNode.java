package dev.enoki.demo;

import dev.enoki.ServiceRunner;
import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.demo.shop.EmailsService;
import dev.enoki.demo.shop.InventoryService;
import dev.enoki.demo.shop.OrdersService;
import dev.enoki.demo.shop.PaymentsService;
import dev.enoki.gateway.GatewayOptions;
import dev.enoki.gateway.WebGateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * {@code greeting_service} and the shop on the embedded event bus, behind the HTTP gateway: {@code POST /orders},
 * {@code GET /orders/:id} and {@code POST /api/SERVICE/METHOD} on one port. The services' own web server listens
 * on a free loopback port that only the gateway uses.
 */
public final class ShopNode {
    private static final long STOP_SECONDS = 60;

    private final ServiceRunner runner;
    private final WebGateway gateway;

    private ShopNode(ServiceRunner runner, WebGateway gateway) {
        this.runner = runner;
        this.gateway = gateway;
    }

    /** Starts the services, then the gateway on {@code host:port} (port 0: any free port). */
    public static Future<ShopNode> start(String host, int port) {
        // A short grace on stop: the gateway's pooled connections to the web server would hold it for the default 30 s
        JsonObject config = new JsonObject().put("WEB_SERVER_ADDRESS", "127.0.0.1:0")
                .put("WEB_SERVER_SHUTDOWN_MILLIS", 3_000);
        ServiceRunner runner = new ServiceRunner(config)
                .addService(GreetingService.class).addService(OrdersService.class).addService(PaymentsService.class)
                .addService(EmailsService.class).addService(InventoryService.class);
        WebGateway gateway = new WebGateway(new GatewayOptions().setHost(host).setPort(port), config);
        return runner.start()
                .compose(v -> gateway.start(runner.vertx()))
                .map(v -> new ShopNode(runner, gateway))
                .recover(e -> runner.stop().transform(x -> Future.failedFuture(e)));
    }

    public ServiceRunner runner() {
        return runner;
    }

    /** The port the gateway listens on. */
    public int port() {
        return gateway.port();
    }

    /**
     * Stops the gateway, then the services (running calls finish first), then Vert.x; blocks, so call it from a
     * thread of your own, never an event loop. Two awaits rather than one chain: the runner's last step closes
     * Vert.x, whose event loops could then not complete a future chained on the gateway's context.
     */
    public void stop() throws Exception {
        try {
            gateway.stop().await(STOP_SECONDS, TimeUnit.SECONDS);
        } finally {
            runner.stop().await(STOP_SECONDS, TimeUnit.SECONDS);
        }
    }
}
