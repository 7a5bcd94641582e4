package dev.enoki.doctests.snippets.http;

import dev.enoki.Http;
import dev.enoki.HttpRequest;
import dev.enoki.HttpResponse;
import dev.enoki.Service;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

// doc:begin http-orders
@Service("orders")
public class OrdersService {
    static final Map<Long, Order> ORDERS = new ConcurrentHashMap<>();

    @Http(method = "GET", path = "/orders/:id", expectedExceptions = OrderNotFound.class)
    public Order get(long id) {                               // a record or POJO: 200, JSON
        return Optional.ofNullable(ORDERS.get(id)).orElseThrow(() -> new OrderNotFound(id));
    }

    @Http(method = "POST", path = "/orders")
    public HttpResponse create(Order body) {                  // the body, JSON bound to Order
        ORDERS.put(body.id(), body);
        return HttpResponse.of(201, Map.of("Location", "/orders/" + body.id()), body);
    }

    @Http(method = "GET,POST", path = "/echo")
    public String echo(HttpRequest request, Optional<String> q) {   // text/plain
        return request.method() + " " + q.orElse("");
    }
}
// doc:end

record Order(long id, List<String> items) {
}

class OrderNotFound extends RuntimeException {
    OrderNotFound(long id) {
        super("no order " + id);
    }
}
