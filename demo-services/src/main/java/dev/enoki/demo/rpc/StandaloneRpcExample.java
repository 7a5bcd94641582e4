package dev.enoki.demo.rpc;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceRunner;
import io.vertx.core.json.JsonObject;

/**
 * Nameko's standalone_rpc example: code outside any service calls one, as {@code ClusterRpcProxy} does. With
 * {@code AMQP_URI} in the config the same client talks through RabbitMQ to services run elsewhere.
 */
public final class StandaloneRpcExample {
    private StandaloneRpcExample() {
    }

    public static String callServiceX(EnokiClient client) {
        return client.proxy("service_x").call("remoteMethod", String.class, "hellø");
    }

    public static void main(String[] args) {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceX.class).addService(ServiceY.class);
        runner.start().await();
        try (EnokiClient client = EnokiClient.connect(runner.vertx(), new JsonObject()).await()) {
            System.out.println(callServiceX(client));
        } finally {
            runner.stop().await();
        }
    }
}
