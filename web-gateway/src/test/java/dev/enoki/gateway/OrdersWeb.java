package dev.enoki.gateway;

import dev.enoki.Http;
import dev.enoki.HttpResponse;
import dev.enoki.Service;

import java.util.Map;

/** A service with {@code @Http} routes, served by its node and reached through the gateway. */
@Service("orders_web")
public class OrdersWeb {

    public record Order(long id, String item) {
    }

    @Http(method = "GET", path = "/orders/:id")
    public Order get(long id) {
        return new Order(id, "tea");
    }

    @Http(method = "POST", path = "/orders")
    public HttpResponse create(Order body) {
        return HttpResponse.of(201, Map.of("Location", "/orders/" + body.id()), body);
    }
}
