package dev.enoki.demo.shop;

import dev.enoki.Dispatcher;
import dev.enoki.EventDispatcher;
import dev.enoki.Http;
import dev.enoki.HttpResponse;
import dev.enoki.MalformedRequest;
import dev.enoki.Rpc;
import dev.enoki.RpcProxy;
import dev.enoki.Service;
import dev.enoki.database.Database;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Places orders: reserves stock with the inventory, charges through payments, keeps the order in its database
 * ({@link OrderRows}) and announces it with {@code order_created}. Over RPC ({@code createOrder}, {@code getOrder})
 * and HTTP ({@code POST /orders}, {@code GET /orders/:id}).
 */
@Service("orders")
public class OrdersService {

    @RpcProxy("inventory")
    InventoryApi inventory;

    @RpcProxy("payments")
    PaymentsApi payments;

    @EventDispatcher
    Dispatcher dispatch;

    @Database
    Connection db;

    /**
     * On RabbitMQ a request delivered again after this one committed is answered with the same order. The stock and
     * the payment are other services' effects, each exactly-once per request of its own: a run cut short before its
     * commit runs again and reserves and charges again.
     */
    @Rpc(expectedExceptions = OutOfStock.class, exactlyOnce = true)
    public Order createOrder(String customer, List<Item> items) throws SQLException {
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
        OrderRows.insert(db, order);
        dispatch.dispatch("order_created", order);
        return order;
    }

    /** The order, or null when there is none with that id. */
    @Rpc
    public Order getOrder(String id) throws SQLException {
        return OrderRows.find(db, id);
    }

    /** {@code POST /orders {"customer": ..., "items": [...]}}: 201 with the order and its Location. */
    @Http(method = "POST", path = "/orders", expectedExceptions = OutOfStock.class)
    public HttpResponse placeOrder(NewOrder body) throws SQLException {
        if (body == null || body.customer() == null || body.customer().isBlank()) {
            throw new MalformedRequest("an order needs a customer and items: {\"customer\": ..., \"items\": [...]}");
        }
        Order order = createOrder(body.customer(), body.items());
        return HttpResponse.of(201, Map.of("Location", "/orders/" + order.id()), order);
    }

    /** {@code GET /orders/:id}: the order, or 404 with the error dict every other HTTP error has. */
    @Http(method = "GET", path = "/orders/:id")
    public Object showOrder(String id) throws SQLException {
        Order order = OrderRows.find(db, id);
        return order != null ? order : HttpResponse.error(404, "NotFound", "no order " + id);
    }
}
