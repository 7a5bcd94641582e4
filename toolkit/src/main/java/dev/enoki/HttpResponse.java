package dev.enoki;

import dev.enoki.http.HttpReply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Http} method may return when a body alone is not enough: a status, headers and a body. The body is
 * written as Nameko would for a plain return: a {@code String} as UTF-8 text, a {@code byte[]} as bytes, anything
 * else as JSON, unless a {@code Content-Type} header says otherwise.
 *
 * <pre>{@code
 * return HttpResponse.of(201, Map.of("Location", "/orders/" + id), order);
 * return HttpResponse.of(403, "not yours");
 * }</pre>
 */
public final class HttpResponse {
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final Object body;

    private HttpResponse(int status, List<Map.Entry<String, String>> headers, Object body) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    /** A status with no body. */
    public static HttpResponse status(int status) {
        return new HttpResponse(status, List.of(), null);
    }

    /** Nameko's {@code (status, body)}. */
    public static HttpResponse of(int status, Object body) {
        return new HttpResponse(status, List.of(), body);
    }

    /** Nameko's {@code (status, headers, body)}. */
    public static HttpResponse of(int status, Map<String, String> headers, Object body) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach((k, v) -> list.add(Map.entry(k, v)));
        return new HttpResponse(status, list, body);
    }

    /**
     * An error in the shape of every other HTTP error, the server's own 404 included (Nameko's error dict, written as
     * {@link HttpReply#ofError(int, String, String)} writes it): {@code HttpResponse.error(404, "NotFound", "no order 7")}.
     */
    public static HttpResponse error(int status, String type, String message) {
        HttpReply reply = HttpReply.ofError(status, type, message);
        return new HttpResponse(status, reply.headers(), reply.body());
    }

    /** The same response with one more header; a name may repeat ({@code Set-Cookie}). */
    public HttpResponse withHeader(String name, String value) {
        List<Map.Entry<String, String>> list = new ArrayList<>(headers);
        list.add(Map.entry(name, value));
        return new HttpResponse(status, list, body);
    }

    public HttpResponse withBody(Object body) {
        return new HttpResponse(status, headers, body);
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The first value of a header, ignoring case, or null. */
    public String header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    public Object body() {
        return body;
    }

    @Override
    public String toString() {
        return "HttpResponse(" + status + ")";
    }
}
