package dev.enoki.doctests.snippets;

import dev.enoki.EnokiClient;
import dev.enoki.ServiceRunner;
import dev.enoki.doctests.snippets.Shop.Card;
import dev.enoki.doctests.snippets.Shop.Item;
import dev.enoki.doctests.snippets.Shop.Order;
import dev.enoki.doctests.snippets.Shop.PaymentFailed;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The README's client snippet as a program: it must print the order and then end, its Vert.x closed. */
public final class ClientExample {
    private ClientExample() {
    }

    public static void main(String[] args) {
        JsonObject config = new JsonObject();
        List<Item> items = List.of(new Item("enoki-mug", 2));
        Card card = new Card("4242424242424242");
        PaymentFailed failure = new PaymentFailed("o-1", "card declined");
        placeOrder(config, items, card, failure);
    }

    static void placeOrder(JsonObject config, List<Item> items, Card card, PaymentFailed failure) {
// doc:begin client
ServiceRunner runner = new ServiceRunner(config).addService(OrdersService.class).addService(PaymentsService.class);
runner.start().await();
try (EnokiClient client = EnokiClient.connect(runner.vertx(), config).await()) {   // Nameko's ClusterRpcProxy
    Order order = client.proxy("orders").call("create", Order.class, "ann", items, card);
    System.out.println("ordered " + order.items());
    client.dispatch("payments", "payment_failed", failure);    // Nameko's standalone dispatcher
} finally {
    runner.stop().await();    // stops the services, then the Vert.x the runner made: the JVM can end
}
// doc:end
    }
}
