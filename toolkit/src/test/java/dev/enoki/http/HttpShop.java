package dev.enoki.http;

import dev.enoki.BadRequest;
import dev.enoki.Http;
import dev.enoki.HttpRequest;
import dev.enoki.HttpResponse;
import dev.enoki.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One {@code @Http} method per return form and error the HTTP entrypoint maps. */
@Service("http_shop")
public class HttpShop {

    public record Order(long id, String item) {
    }

    public static class OutOfStock extends RuntimeException {
        public OutOfStock(String message) {
            super(message);
        }
    }

    @Http(path = "/text")
    public String text() {
        return "hello";
    }

    @Http(method = "GET", path = "/orders/:id", expectedExceptions = OutOfStock.class)
    public Order order(long id) {
        if (id == 0) {
            throw new OutOfStock("order 0 is out of stock");
        }
        return new Order(id, "tea");
    }

    @Http(method = "DELETE", path = "/orders/:id")
    public void delete(long id) {
    }

    @Http(method = "POST", path = "/orders")
    public HttpResponse create(Order body) {
        return HttpResponse.of(201, Map.of("Location", "/orders/" + body.id()), body);
    }

    @Http(path = "/forbidden")
    public HttpResponse forbidden() {
        return HttpResponse.of(403, "not yours");
    }

    @Http(method = "GET,POST", path = "/echo")
    public HttpResponse echo(HttpRequest request) {
        return HttpResponse.status(200).withHeader("Content-Type", "text/csv")
                .withBody(request.method() + "," + request.query("q") + "," + request.bodyAsString());
    }

    @Http(method = "PUT", path = "/reverse")
    public byte[] reverse(byte[] body) {
        byte[] out = new byte[body.length];
        for (int i = 0; i < body.length; i++) {
            out[i] = body[body.length - 1 - i];
        }
        return out;
    }

    @Http(method = "POST", path = "/shout")
    public String shout(String body) {
        return body.toUpperCase();
    }

    @Http(path = "/search")
    public List<String> search(String q, Optional<Integer> limit) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < limit.orElse(2); i++) {
            found.add(q + i);
        }
        return found;
    }

    @Http(path = "/bad")
    public String bad() {
        throw new BadRequest("that is not a question");
    }

    @Http(path = "/boom")
    public String boom() {
        throw new IllegalStateException("kaput");
    }

    @Http(path = "/whoami")
    public String whoami() {
        return "me";
    }
}
