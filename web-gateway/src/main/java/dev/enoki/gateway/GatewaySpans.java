package dev.enoki.gateway;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * With {@code tracing} on, each request the gateway passes on to a service (an RPC, a node's {@code @Http} route)
 * is a SERVER span, under the caller's {@code traceparent} header when it sends one; health probes, metrics and the
 * console are not traced. The calls the request makes are its children: {@link RpcRoute} makes its span current
 * around the call, {@link RouteForwarder} sends it on as the forwarded request's {@code traceparent}. The span ends
 * with the response, named {@code <METHOD> <route>} once a route took the request.
 */
final class GatewaySpans implements Handler<RoutingContext> {
    private static final String CONTEXT = "enoki.trace-context";
    private static final String ROUTE = "enoki.route";
    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("enoki.call_id");

    private static final TextMapGetter<MultiMap> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Override
    public void handle(RoutingContext ctx) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), ctx.request().headers(), HEADERS);
        String method = ctx.request().method().name();
        Span span = GlobalOpenTelemetry.getTracer("dev.enoki").spanBuilder(method)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(METHOD, method)
                .setAttribute(PATH, ctx.request().path())
                .setAttribute(CALL_ID, GatewayContext.callId(ctx))
                .startSpan();
        ctx.put(CONTEXT, span.storeInContext(parent));
        ctx.addEndHandler(ended -> {
            String route = ctx.get(ROUTE);
            if (route != null) {
                span.updateName(method + " " + route).setAttribute(HTTP_ROUTE, route);
            }
            int status = ctx.response().getStatusCode();
            span.setAttribute(STATUS, status);
            if (status >= 500 || ended.failed()) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
        ctx.next();
    }

    /** The request's span as a parent, or the current context when the request is not traced. */
    static Context of(RoutingContext ctx) {
        Context context = ctx.get(CONTEXT);
        return context == null ? Context.current() : context;
    }

    /** Names the route that took the request, such as {@code /api/:service/:method}. */
    static void route(RoutingContext ctx, String route) {
        ctx.put(ROUTE, route);
    }

    /** Sets the request's trace context on headers sent on its behalf. */
    static void inject(RoutingContext ctx, MultiMap headers) {
        W3CTraceContextPropagator.getInstance().inject(of(ctx), headers, MultiMap::set);
    }
}
