package dev.enoki.gateway;

import dev.enoki.http.HttpContextData;
import dev.enoki.http.HttpReply;
import dev.enoki.http.HttpRoute;
import dev.enoki.http.PathPattern;
import dev.enoki.registry.ServiceRecord;
import dev.enoki.registry.ServiceRegistry;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code @Http} routes of every node, behind the gateway: the registry's records say which routes exist and
 * which node servers serve them ({@code extra.routes}); a request is sent on to one of those servers in turn, and
 * the next one is tried when a server cannot be reached. No route for the path: 404; for the path but not the
 * method: 405 with {@code Allow}.
 */
final class RouteForwarder implements Handler<RoutingContext> {
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length");

    private final ServiceRegistry registry;
    private final HttpClient client;
    private final GatewayOptions options;
    private final Map<String, PathPattern> patterns = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    private final boolean traced;

    RouteForwarder(ServiceRegistry registry, HttpClient client, GatewayOptions options, boolean traced) {
        this.traced = traced;
        this.registry = registry;
        this.client = client;
        this.options = options;
    }

    /** One route of one service instance. */
    private record Target(String service, HttpRoute route) {
    }

    @Override
    public void handle(RoutingContext ctx) {
        registry.all().onComplete(all -> {
            List<ServiceRecord> records = all.succeeded() ? all.result() : List.of();
            String path = ctx.request().path();
            String method = ctx.request().method().name();
            List<Target> targets = new ArrayList<>();
            Set<String> allow = new TreeSet<>();
            for (ServiceRecord record : records) {
                for (HttpRoute route : routesOf(record)) {
                    if (route.address() == null || pattern(route.path()).match(path) == null) {
                        continue;
                    }
                    allow.addAll(route.methods());
                    if (route.methods().contains(method)) {
                        targets.add(new Target(record.service(), route));
                    }
                }
            }
            if (targets.isEmpty()) {
                HttpReply reply = allow.isEmpty()
                        ? HttpReply.ofError(404, "NotFound", "no route for " + path)
                        : HttpReply.ofError(405, "MethodNotAllowed", method + " is not allowed on " + path)
                        .withHeader("Allow", String.join(", ", allow));
                reply.writeTo(ctx.response());
                return;
            }
            forward(ctx, targets, Math.floorMod(turn.getAndIncrement(), targets.size()), targets.size());
        });
    }

    private void forward(RoutingContext ctx, List<Target> targets, int index, int triesLeft) {
        Target target = targets.get(index);
        String address = target.route().address();
        int colon = address.lastIndexOf(':');
        RequestOptions request = new RequestOptions()
                .setMethod(ctx.request().method())
                .setHost(address.substring(0, colon))
                .setPort(Integer.parseInt(address.substring(colon + 1)))
                .setURI(ctx.request().uri())
                .setConnectTimeout(2_000)
                .setIdleTimeout(options.timeoutFor(target.service(), target.route().function()).toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(ctx.request().headers(), headers);
        headers.set(HttpContextData.CALL_ID_HEADER, callIds(ctx));
        if (traced) {
            GatewaySpans.route(ctx, target.route().path());
            GatewaySpans.inject(ctx, headers);
        }
        request.setHeaders(headers);
        Buffer body = ctx.body().buffer();
        client.request(request)
                .compose(req -> req.send(body == null ? Buffer.buffer() : body))
                .compose(resp -> resp.body().map(b -> Map.entry(resp, b)))
                .onSuccess(answer -> relay(ctx, answer.getKey(), answer.getValue()))
                .onFailure(e -> {
                    if (isUnreachable(e) && triesLeft > 1) {
                        forward(ctx, targets, (index + 1) % targets.size(), triesLeft - 1);
                    } else if (isUnreachable(e)) {
                        HttpReply.ofError(502, "BadGateway", "no node serving " + target.route().path()
                                + " could be reached").writeTo(ctx.response());
                    } else {
                        HttpReply.ofError(504, "GatewayTimeout", target.route().path() + " did not answer in time")
                                .writeTo(ctx.response());
                    }
                });
    }

    private static boolean isUnreachable(Throwable e) {
        return e instanceof java.net.ConnectException || String.valueOf(e.getMessage()).contains("Connection refused");
    }

    private static String callIds(RoutingContext ctx) {
        String incoming = ctx.request().getHeader(HttpContextData.CALL_ID_HEADER);
        String own = GatewayContext.callId(ctx);
        return incoming == null || incoming.isBlank() ? own : incoming + "," + own;
    }

    private static void relay(RoutingContext ctx, HttpClientResponse response, Buffer body) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(response.statusCode());
        MultiMap out = ctx.response().headers();
        response.headers().forEach(h -> {
            String name = h.getKey().toLowerCase();
            if (!HOP_BY_HOP.contains(name) && !name.equals(HttpContextData.CALL_ID_HEADER.toLowerCase())) {
                out.add(h.getKey(), h.getValue());
            }
        });
        ctx.response().end(body);
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase())) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    private PathPattern pattern(String path) {
        return patterns.computeIfAbsent(path, PathPattern::of);
    }

    static List<HttpRoute> routesOf(ServiceRecord record) {
        JsonArray routes = record.extra().getJsonArray("routes");
        if (routes == null) {
            return List.of();
        }
        List<HttpRoute> list = new ArrayList<>(routes.size());
        routes.forEach(r -> list.add(HttpRoute.fromJson((JsonObject) r)));
        return list;
    }

}
