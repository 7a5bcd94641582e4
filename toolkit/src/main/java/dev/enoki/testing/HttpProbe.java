package dev.enoki.testing;

import dev.enoki.internal.http.NodeWebServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small blocking HTTP client for tests that talk to a real server over a real socket: one base address, every
 * method, string or byte bodies, extra headers as name/value pairs.
 *
 * <pre>{@code
 * HttpProbe web = new HttpProbe("http://127.0.0.1:" + port);
 * HttpResponse<String> r = web.get("/orders/1", "Accept-Language", "fr");
 * }</pre>
 */
public final class HttpProbe {
    private final String base;
    private final HttpClient client;

    public HttpProbe(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static HttpProbe local(int port) {
        return new HttpProbe("http://127.0.0.1:" + port);
    }

    /** A probe of the web server that the {@code @Http} entrypoints of containers with {@code config} share. */
    public static HttpProbe node(Vertx vertx, JsonObject config) {
        return local(nodePort(vertx, config));
    }

    /** The port of that server in this Vert.x; -1 when none runs. */
    public static int nodePort(Vertx vertx, JsonObject config) {
        return NodeWebServer.port(vertx, config);
    }

    public HttpResponse<String> get(String path, String... headers) {
        return sendWith("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return sendWith("POST", path, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<String> send(String method, String path, String body, String... headers) {
        return sendWith(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    public HttpResponse<byte[]> sendBytes(String method, String path, byte[] body, String... headers) {
        return exchange(request(method, path, HttpRequest.BodyPublishers.ofByteArray(body), headers),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<String> sendWith(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        return exchange(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder.build();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
