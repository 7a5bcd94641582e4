package dev.enoki.demo.http;

import dev.enoki.Http;
import dev.enoki.HttpRequest;
import dev.enoki.Service;

import java.util.Map;

/** Nameko's {@code http.py}: a path variable, a posted body, one route for several methods. */
@Service("http_service")
public class HttpService {

    @Http(method = "GET", path = "/get/:value")
    public Map<String, Integer> getMethod(int value) {
        return Map.of("value", value);
    }

    @Http(method = "POST", path = "/post")
    public String doPost(String body) {
        return "received: " + body;
    }

    @Http(method = "GET,PUT,POST,DELETE", path = "/multi")
    public String doMulti(HttpRequest request) {
        return request.method();
    }
}
