package dev.enoki.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.enoki.BadRequest;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.RpcTimeout;
import dev.enoki.ServiceBusy;
import dev.enoki.UnknownService;
import dev.enoki.WorkerContext;
import dev.enoki.http.HttpReply;
import dev.enoki.json.Json;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import dev.enoki.rpc.ErrorDict;
import dev.enoki.rpc.ReplyBody;
import dev.enoki.rpc.RpcCaller;
import dev.enoki.transport.Transport;
import io.opentelemetry.context.Scope;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/{service}/{method}}: the JSON body becomes the call's arguments, the call goes through the
 * transport with the request's context data, and the reply becomes the response: the result as JSON, or Nameko's
 * error dict with a status that says whose fault it was.
 */
final class RpcRoute implements Handler<RoutingContext> {
    private static final List<Map.Entry<String, String>> JSON_HEADERS =
            List.of(Map.entry("Content-Type", "application/json"));

    private final GatewayOptions options;
    private final ServiceRegistry registry;
    private final Transport transport;
    private final GatewayMetrics metrics;
    private final InFlight inFlight;
    private final boolean traced;

    RpcRoute(GatewayOptions options, ServiceRegistry registry, Transport transport, GatewayMetrics metrics,
             boolean traced) {
        this.traced = traced;
        this.options = options;
        this.registry = registry;
        this.transport = transport;
        this.metrics = metrics;
        this.inFlight = new InFlight(options.maxInFlightPerService(), metrics.registry());
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String service = ctx.pathParam("service");
        String method = ctx.pathParam("method");
        Buffer body;
        try {
            body = CallBody.toRequest(ctx.body().buffer(), options.maxJsonDepth());
        } catch (BadRequest e) {
            HttpReply.ofError(400, e).writeTo(ctx.response());
            return;
        }
        registry.instances(service).onComplete(found -> {
            List<ServiceRecord> instances = found.succeeded() ? found.result() : List.of();
            String label = instances.isEmpty() ? GatewayMetrics.UNKNOWN : service;
            String methodLabel = instances.stream().anyMatch(r -> r.method(method) != null) ? method : GatewayMetrics.UNKNOWN;
            if (!instances.isEmpty() && methodLabel.equals(GatewayMetrics.UNKNOWN)) {
                finish(ctx, label, methodLabel, start, HttpReply.ofError(404, new MethodNotFound(method)));
                return;
            }
            if (!inFlight.tryEnter(label)) {
                finish(ctx, label, methodLabel, start, HttpReply.ofError(503,
                        new ServiceBusy(options.maxInFlightPerService() + " calls to " + service + " already in flight")));
                return;
            }
            call(ctx, service, method, body)
                    .recover(e -> Future.succeededFuture(HttpReply.ofError(statusOf(e), e)))
                    .onComplete(reply -> {
                        inFlight.exit(label);
                        finish(ctx, label, methodLabel, start, reply.result());
                    });
        });
    }

    private Future<HttpReply> call(RoutingContext ctx, String service, String method, Buffer body) {
        Map<String, Object> context = GatewayContext.of(ctx);
        if (!traced) {
            return new RpcCaller(transport, context).send(service, method, body, options.timeoutFor(service, method))
                    .map(RpcRoute::replyOf);
        }
        GatewaySpans.route(ctx, "/api/:service/:method");
        try (Scope request = GatewaySpans.of(ctx).makeCurrent()) {   // the call's span is the request's child
            return new RpcCaller(transport, context).traced(true)
                    .send(service, method, body, options.timeoutFor(service, method))
                    .map(RpcRoute::replyOf);
        }
    }

    /** Nameko's reply body as a response: the result as the service wrote it, or the error dict with its status. */
    private static HttpReply replyOf(Buffer body) {
        ReplyBody.Raw reply;
        try {
            reply = ReplyBody.raw(body);
        } catch (RemoteError e) {
            return HttpReply.ofError(502, "MalformedReply", "the service's reply is not JSON");
        }
        JsonNode error = reply.error();
        if (error != null && error.isObject()) {
            int status = ErrorStatus.of(error.path("exc_path").asText(""));
            List<Map.Entry<String, String>> headers = status == 503
                    ? List.of(Map.entry("Content-Type", "application/json"), Map.entry("Retry-After", "1"))
                    : JSON_HEADERS;
            return new HttpReply(status, headers, Buffer.buffer(error.toString()));
        }
        return new HttpReply(200, JSON_HEADERS, reply.result());
    }

    private static int statusOf(Throwable e) {
        if (e instanceof UnknownService || e instanceof MethodNotFound) {
            return 404;
        }
        if (e instanceof RpcTimeout) {
            return 504;
        }
        if (e instanceof BadRequest) {
            return 400;
        }
        return ErrorStatus.of(ErrorDict.pathOf(e.getClass()));
    }

    private void finish(RoutingContext ctx, String service, String method, long start, HttpReply reply) {
        metrics.called(service, method, reply.status(), start);
        if (reply.status() >= 400) {
            metrics.failed(service, method, errorTypeOf(reply));
        }
        reply.writeTo(ctx.response());
    }

    private static String errorTypeOf(HttpReply reply) {
        try {
            return Json.mapper().readTree(reply.body().getBytes()).path("exc_type").asText("Unknown");
        } catch (IOException e) {
            return "Unknown";
        }
    }

}
