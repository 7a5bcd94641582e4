package dev.enoki;

import com.fasterxml.jackson.databind.JavaType;
import dev.enoki.json.BindingFailure;
import dev.enoki.json.Json;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request that fired an {@link Http} method, as plain values a worker may keep: method, path, headers (names
 * ignore case), query and path parameters, and the body.
 */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;
    private final Map<String, String> pathParams;
    private final byte[] body;
    private final String remoteAddress;

    public HttpRequest(String method, String path, Map<String, List<String>> headers, Map<String, List<String>> query,
                       Map<String, String> pathParams, byte[] body, String remoteAddress) {
        this.method = method;
        this.path = path;
        TreeMap<String, List<String>> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> caseless.merge(k, List.copyOf(v), (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        }));
        this.headers = Collections.unmodifiableMap(caseless);
        this.query = Map.copyOf(query);
        this.pathParams = Map.copyOf(pathParams);
        this.body = body == null ? new byte[0] : body;
        this.remoteAddress = remoteAddress;
    }

    /** {@code GET}, {@code POST}, ... */
    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every header; the map ignores the case of names. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a query parameter, or null. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> queryParams() {
        return query;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public Map<String, String> pathParams() {
        return pathParams;
    }

    /** The body's bytes (a copy). */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON bound to {@code type}; a {@link MalformedRequest} when it is not. */
    public <T> T bodyAs(Type type) {
        JavaType javaType = Json.type(type);
        try {
            return Json.mapper().readerFor(javaType).readValue(body);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedRequest("body is not JSON of type " + javaType.toCanonical() + ": "
                    + BindingFailure.of("body", e));
        }
    }

    /** The client's address as the server saw it. */
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String toString() {
        return "HttpRequest(" + method + " " + path + ")";
    }
}
