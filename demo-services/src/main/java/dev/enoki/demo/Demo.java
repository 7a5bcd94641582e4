package dev.enoki.demo;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceRunner;
import dev.enoki.demo.helloworld.GreetingService;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo services on the embedded event bus (no broker), calls {@code greeting_service.hello} the way any
 * client would, and prints the answer. With {@code --serve} it keeps running until interrupted.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        ServiceRunner runner = new ServiceRunner(new JsonObject()).addService(GreetingService.class);
        runner.start().await(30, TimeUnit.SECONDS);
        System.out.println("started " + runner.serviceNames() + " on the embedded event bus");
        try (EnokiClient client = EnokiClient.connect(runner.vertx(), new JsonObject()).await(10, TimeUnit.SECONDS)) {
            String greeting = client.proxy("greeting_service").call("hello", String.class, "Matt");
            System.out.println("greeting_service.hello(\"Matt\") -> " + greeting);
        }
        if (args.length > 0 && args[0].equals("--serve")) {
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                runner.stop().await();
                stopped.countDown();
            }));
            stopped.await();
        } else {
            runner.stop().await(30, TimeUnit.SECONDS);
        }
    }
}
