package dev.enoki.demo.http;

import dev.enoki.Http;
import dev.enoki.HttpResponse;
import dev.enoki.Service;

import java.util.Map;

/** Nameko's {@code advanced_http.py}: a status with a body, a status with headers, a whole response. */
@Service("advanced_http_service")
public class AdvancedHttpService {

    @Http(method = "GET", path = "/privileged")
    public HttpResponse forbidden() {
        return HttpResponse.of(403, "Forbidden");
    }

    @Http(method = "GET", path = "/headers")
    public HttpResponse redirect() {
        return HttpResponse.of(201, Map.of("Location", "https://www.example.com/widget/1"), "");
    }

    @Http(method = "GET", path = "/custom")
    public HttpResponse custom() {
        return HttpResponse.status(200).withHeader("Content-Type", "text/plain; charset=utf-8").withBody("payload");
    }
}
