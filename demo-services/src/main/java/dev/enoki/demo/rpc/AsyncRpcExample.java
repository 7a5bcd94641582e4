package dev.enoki.demo.rpc;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceProxy;
import dev.enoki.ServiceRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Nameko's async_rpc example: two calls in flight at once through {@code callAsync}, their results collected
 * later. {@code main} starts service_x and service_y on the embedded event bus first.
 */
public final class AsyncRpcExample {
    private AsyncRpcExample() {
    }

    public static List<String> helloWorld(EnokiClient client) {
        ServiceProxy serviceX = client.proxy("service_x");
        Future<String> hello = serviceX.callAsync("remoteMethod", String.class, "hello");
        Future<String> world = serviceX.callAsync("remoteMethod", String.class, "world");
        // ... other work while both calls are in flight ...
        return List.of(hello.await(), world.await());
    }

    public static void main(String[] args) {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(ServiceX.class).addService(ServiceY.class);
        runner.start().await();
        try (EnokiClient client = EnokiClient.connect(runner.vertx(), new JsonObject()).await()) {
            System.out.println(helloWorld(client));
        } finally {
            runner.stop().await();
        }
    }
}
