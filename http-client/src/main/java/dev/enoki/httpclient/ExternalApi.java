package dev.enoki.httpclient;

import dev.enoki.RpcTimeout;
import dev.enoki.WorkerContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;

/**
 * One worker's way to an HTTP API: Vert.x {@link HttpRequest}s to paths under the base URL, carrying what a call of
 * the worker would carry. Send them and wait on the worker's thread: {@code Blocking.await(api.get("/rates").send())}.
 */
public final class ExternalApi {
    /** The header Enoki's {@code @Http} entrypoints read the caller's call id stack from. */
    public static final String CALL_ID_HEADER = "X-Enoki-Call-Id";

    private final WebClient client;
    private final String baseUrl;
    private final long timeoutMillis;
    private final WorkerContext worker;

    public ExternalApi(WebClient client, String baseUrl, long timeoutMillis, WorkerContext worker) {
        this.client = client;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeoutMillis = timeoutMillis;
        this.worker = worker;
    }

    public HttpRequest<Buffer> get(String path) {
        return request(HttpMethod.GET, path);
    }

    public HttpRequest<Buffer> post(String path) {
        return request(HttpMethod.POST, path);
    }

    public HttpRequest<Buffer> put(String path) {
        return request(HttpMethod.PUT, path);
    }

    public HttpRequest<Buffer> delete(String path) {
        return request(HttpMethod.DELETE, path);
    }

    /**
     * A request to {@code path} (from {@code /}) under the base URL, with the worker's call id stack, its trace
     * context when a span is current, and a timeout that ends by the worker's deadline. Fails with
     * {@link RpcTimeout} when that deadline has already passed.
     */
    public HttpRequest<Buffer> request(HttpMethod method, String path) {
        long timeout = timeoutMillis;
        if (worker.deadline() != 0) {
            long left = worker.deadline() - System.currentTimeMillis();
            if (left <= 0) {
                throw new RpcTimeout(method + " " + path + " was not sent: the deadline of the call that asked for"
                        + " it has passed");
            }
            timeout = Math.min(timeout, left);
        }
        HttpRequest<Buffer> request = client.requestAbs(method, baseUrl + (path.startsWith("/") ? path : "/" + path))
                .timeout(timeout)
                .putHeader(CALL_ID_HEADER, String.join(",", worker.callIdStack()));
        if (Span.current().getSpanContext().isValid()) {
            W3CTraceContextPropagator.getInstance().inject(Context.current(), request,
                    (carrier, key, value) -> carrier.putHeader(key, value));
        }
        return request;
    }
}
