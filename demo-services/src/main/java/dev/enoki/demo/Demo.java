package dev.enoki.demo;

import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceProxy;
import dev.enoki.demo.shop.Item;
import dev.enoki.demo.shop.Order;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar enoki-demo.jar [--port 8080] [--tour] [--serve]}: greeting_service and the shop on the embedded
 * event bus (no broker), with the HTTP gateway on 127.0.0.1:8080, until Ctrl-C or SIGTERM. {@code --tour} first
 * greets, places an order, shows the emails its events caused, the stock it took and a refused order, then exits
 * unless {@code --serve} is given too.
 */
public final class Demo {
    private static final int DEFAULT_PORT = 8080;

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        boolean tour = options.contains("--tour");
        boolean serve = !tour || options.contains("--serve");
        ShopNode node = ShopNode.start("127.0.0.1", port(options)).await(60, TimeUnit.SECONDS);
        System.out.println("started " + node.runner().serviceNames() + " on the embedded event bus, gateway on http://127.0.0.1:"
                + node.port() + "/");
        if (tour) {
            try (EnokiClient client = EnokiClient.connect(node.runner().vertx(), new JsonObject()).await(10, TimeUnit.SECONDS)) {
                String greeting = client.proxy("greeting_service").call("hello", String.class, "Matt");
                System.out.println("greeting_service.hello(\"Matt\") -> " + greeting);
                shop(client);
            }
        }
        if (!serve) {
            node.stop();
            return;
        }
        printTryIt(node.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.stop();
            } catch (Exception e) {
                System.err.println("stopping: " + e);
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int port(List<String> options) {
        int at = options.indexOf("--port");
        String value = at >= 0 && at + 1 < options.size() ? options.get(at + 1) : System.getenv("ENOKI_DEMO_PORT");
        return value == null ? DEFAULT_PORT : Integer.parseInt(value);
    }

    private static void printTryIt(int port) {
        String base = "http://127.0.0.1:" + port;
        System.out.println("try:");
        System.out.println("  curl -si -XPOST " + base + "/orders -H 'Content-Type: application/json' \\");
        System.out.println("       -d '{\"customer\": \"ann@example.com\", \"items\": [{\"sku\": \"enoki-mug\", \"quantity\": 2}]}'");
        System.out.println("  curl -s " + base + "/orders/ORDER_ID");
        System.out.println("  curl -s -XPOST " + base + "/api/emails/sent");
        System.out.println("  curl -s -XPOST " + base + "/api/greeting_service/hello -d '[\"Matt\"]'");
        System.out.println("  open " + base + "/ for the console; Ctrl-C stops");
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
