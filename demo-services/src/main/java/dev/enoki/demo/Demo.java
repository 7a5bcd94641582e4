package dev.enoki.demo;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.ServiceRunner;
import dev.enoki.demo.helloworld.GreetingService;
import dev.enoki.demo.shop.EmailsService;
import dev.enoki.demo.shop.InventoryService;
import dev.enoki.demo.shop.Item;
import dev.enoki.demo.shop.Order;
import dev.enoki.demo.shop.OrdersService;
import dev.enoki.demo.shop.PaymentsService;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the demo services on the embedded event bus (no broker): greets, places an order in the shop, shows the
 * emails its events caused and the stock it took, and a refused order. With {@code --serve} it keeps running
 * until interrupted.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        ServiceRunner runner = new ServiceRunner(new JsonObject())
                .addService(GreetingService.class).addService(OrdersService.class).addService(PaymentsService.class)
                .addService(EmailsService.class).addService(InventoryService.class);
        runner.start().await(30, TimeUnit.SECONDS);
        System.out.println("started " + runner.serviceNames() + " on the embedded event bus");
        try (EnokiClient client = EnokiClient.connect(runner.vertx(), new JsonObject()).await(10, TimeUnit.SECONDS)) {
            String greeting = client.proxy("greeting_service").call("hello", String.class, "Matt");
            System.out.println("greeting_service.hello(\"Matt\") -> " + greeting);
            shop(client);
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

    private static void shop(EnokiClient client) throws InterruptedException {
        ServiceProxy orders = client.proxy("orders");
        Order order = orders.call("createOrder", Order.class, "ann@example.com",
                List.of(new Item("enoki-tshirt", 2), new Item("enoki-sticker", 5)));
        System.out.println("orders.createOrder -> " + order.id() + ", " + order.totalCents() + " cents, paid by "
                + order.paymentId());
        List<?> sent = List.of();
        for (int i = 0; i < 50 && sent.size() < 2; i++) {
            Thread.sleep(100); // the emails follow from events, a moment after the order
            sent = client.proxy("emails").call("sent", List.class);
        }
        sent.forEach(e -> System.out.println("emails sent -> " + e));
        System.out.println("inventory.levels -> " + client.proxy("inventory").call("levels", Map.class));
        try {
            orders.call("createOrder", Order.class, "bob@example.com", List.of(new Item("enoki-mug", 99)));
        } catch (RemoteError e) {
            System.out.println("orders.createOrder(99 mugs) -> " + e.excType() + ": " + e.value());
        }
    }
}
