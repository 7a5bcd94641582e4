package dev.enoki.doctests.snippets;

import dev.enoki.Http;
import dev.enoki.Service;
import dev.enoki.doctests.snippets.Shop.Order;
import dev.enoki.doctests.snippets.Shop.OrderNotFound;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

@Service("order_pages")
public class OrderPagesService {
    static final Map<Long, Order> ORDERS = new ConcurrentHashMap<>();

// doc:begin http-get
    @Http(method = "GET", path = "/orders/:id", expectedExceptions = OrderNotFound.class)
    public Order get(long id) {
        return Optional.ofNullable(ORDERS.get(id)).orElseThrow(() -> new OrderNotFound(id));
    }
// doc:end
}
