package dev.enoki.demo.shop;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.Http;
import dev.enoki.HttpResponse;
import dev.enoki.MalformedRequest;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Places orders: reserves stock with the inventory, charges through payments, keeps the order and announces it
 * with {@code order_created}. Over RPC ({@code createOrder}, {@code getOrder}) and HTTP ({@code POST /orders},
 * {@code GET /orders/:id}).
 */
@Service("orders")
public class OrdersService {

    @RpcProxy("inventory")
    InventoryApi inventory;

    @RpcProxy("payments")
    PaymentsApi payments;

    @EventDispatcher
    Dispatcher dispatch;

    @Storage
    Store<Order> orders;

    @Rpc(expectedExceptions = OutOfStock.class)
    public Order createOrder(String customer, List<Item> items) {
        if (items == null || items.isEmpty()) {
            throw new OutOfStock("an order needs at least one item");
        }
        long total = 0;
        for (Item item : items) {
            total += inventory.reserve(item.sku(), item.quantity()) * item.quantity();
        }
        String id = "order-" + UUID.randomUUID();
        Payment payment = payments.charge(id, customer, total);
        Order order = new Order(id, customer, List.copyOf(items), total, payment.id());
        orders.put(id, order);
        dispatch.dispatch("order_created", order);
        return order;
    }

    /** The order, or null when there is none with that id. */
    @Rpc
    public Order getOrder(String id) {
        return orders.get(id);
    }

    /** {@code POST /orders {"customer": ..., "items": [...]}}: 201 with the order and its Location. */
    @Http(method = "POST", path = "/orders", expectedExceptions = OutOfStock.class)
    public HttpResponse placeOrder(NewOrder body) {
        if (body == null || body.customer() == null || body.customer().isBlank()) {
            throw new MalformedRequest("an order needs a customer and items: {\"customer\": ..., \"items\": [...]}");
        }
        Order order = createOrder(body.customer(), body.items());
        return HttpResponse.of(201, Map.of("Location", "/orders/" + order.id()), order);
    }

    /** {@code GET /orders/:id}: the order, or 404 with the error dict every other HTTP error has. */
    @Http(method = "GET", path = "/orders/:id")
    public Object showOrder(String id) {
        Order order = orders.get(id);
        return order != null ? order : HttpResponse.error(404, "NotFound", "no order " + id);
    }
}
