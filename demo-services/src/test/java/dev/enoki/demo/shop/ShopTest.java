package dev.enoki.demo.shop;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.enoki.EnokiClient;
import dev.enoki.RemoteError;
import dev.enoki.ServiceContainer;
import dev.enoki.ServiceProxy;
import dev.enoki.WorkerContext;
import dev.enoki.json.Json;
import dev.enoki.testing.ContainerFactory;
import dev.enoki.testing.EntrypointHook;
import dev.enoki.testing.EntrypointWaiter;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The shop end to end on the embedded event bus: an order reserves stock, is paid, and ends in two emails. The four
 * services share a fresh in-memory H2 database per test, as they would share a PostgreSQL one.
 */
class ShopTest {
    private final ContainerFactory factory = new ContainerFactory(new JsonObject().put("database",
            new JsonObject().put("url", "jdbc:h2:mem:shop-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")));
    private ServiceContainer inventory;
    private EnokiClient client;

    /** Waits out the inventory's eager restock, so no tick of it lands between a test's order and its checks. */
    @BeforeEach
    void start() throws Throwable {
        factory.start(OrdersService.class);
        factory.start(PaymentsService.class);
        factory.start(EmailsService.class);
        inventory = factory.create(InventoryService.class);
        try (EntrypointWaiter openingRestock = EntrypointWaiter.on(inventory, "restock")) {
            factory.start(inventory);
            assertThat(openingRestock.await(Duration.ofSeconds(10))).isEqualTo(0);
        }
        client = factory.client();
    }

    @AfterEach
    void close() {
        factory.close();
    }

    private List<Email> sent() {
        return Json.mapper().convertValue(client.proxy("emails").call("sent"), new TypeReference<List<Email>>() { });
    }

    private Map<String, Integer> levels() {
        return perProduct("levels");
    }

    private Map<String, Integer> perProduct(String method) {
        return Json.mapper().convertValue(client.proxy("inventory").call(method), new TypeReference<Map<String, Integer>>() { });
    }

    @Test
    void anOrderIsPaidStockIsTakenAndBothEmailsGoOut() {
        Order order = client.proxy("orders").call("createOrder", Order.class, "ann@example.com",
                List.of(new Item("enoki-tshirt", 2), new Item("enoki-sticker", 5)));

        assertThat(order.totalCents()).isEqualTo(2 * 2_000 + 5 * 300);
        assertThat(order.paymentId()).startsWith("pay-");
        assertThat(client.proxy("orders").call("getOrder", Order.class, order.id())).isEqualTo(order);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sent())
                .extracting(Email::subject)
                .containsExactlyInAnyOrder("Your order " + order.id(), "Receipt for " + order.id()));
        assertThat(sent()).allSatisfy(e -> assertThat(e.to()).isEqualTo("ann@example.com"));
        assertThat(levels()).containsEntry("enoki-tshirt", 8).containsEntry("enoki-sticker", 5)
                .containsEntry("enoki-mug", 10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(perProduct("sales"))
                .containsEntry("enoki-tshirt", 2).containsEntry("enoki-sticker", 5).containsEntry("enoki-mug", 0));
    }

    /** The inventory's sale count is an effect that must not repeat: its handler is exactlyOnce. */
    @Test
    void anOrderCreatedEventDeliveredAgainIsNotCountedAgain() {
        Order order = new Order("order-1", "dee@example.com", List.of(new Item("enoki-mug", 3)), 3_600, "pay-1");
        Map<String, Object> delivered = Map.of(WorkerContext.DELIVERY_ID,
                "evt-orders-order_created--inventory.count_sale/" + UUID.randomUUID());

        EntrypointHook.callWithContext(inventory, "countSale", delivered, order);
        EntrypointHook.callWithContext(inventory, "countSale", delivered, order);

        assertThat(perProduct("sales")).containsEntry("enoki-mug", 3);
    }

    @Test
    void anOrderBeyondTheStockIsRefusedAndNothingIsCharged() {
        ServiceProxy orders = client.proxy("orders");
        assertThatThrownBy(() -> orders.call("createOrder", "bob@example.com", List.of(new Item("enoki-mug", 11))))
                .isInstanceOfSatisfying(RemoteError.class, e -> assertThat(e.excType()).isEqualTo("OutOfStock"));
        assertThat(levels()).containsEntry("enoki-mug", 10);
        assertThat(sent()).isEmpty();
    }

    @Test
    void theRestockTimerTopsUpWhatOrdersTook() {
        client.proxy("orders").call("createOrder", Order.class, "cy@example.com", List.of(new Item("enoki-mug", 4)));
        assertThat(levels()).containsEntry("enoki-mug", 6);

        assertThat(EntrypointHook.call(inventory, "restock")).isEqualTo(1);

        assertThat(levels()).containsEntry("enoki-mug", 10);
    }
}
