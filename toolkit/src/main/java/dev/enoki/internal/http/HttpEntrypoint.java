package dev.enoki.internal.http;

import dev.enoki.AbstractEntrypoint;
import dev.enoki.ConfigurationError;
import dev.enoki.Http;
import dev.enoki.HttpRequest;
import dev.enoki.UnserializableValueError;
import dev.enoki.WorkerContext;
import dev.enoki.http.HttpContextData;
import dev.enoki.http.HttpReply;
import dev.enoki.http.HttpRoute;
import dev.enoki.http.PathPattern;
import dev.enoki.internal.schema.TypeSchemas;
import dev.enoki.internal.tracing.HttpServerSpans;
import dev.enoki.registry.ServiceRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.lang.reflect.Parameter;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code @Http}: the method answers requests for its path and methods on the node's web server. Each request runs
 * in a worker like any other entrypoint, so it counts against {@code max_workers}; a full container answers 503.
 */
public final class HttpEntrypoint extends AbstractEntrypoint<Http> {
    private static final Set<Class<?>> TEXT_OR_BYTES = Set.of(String.class, byte[].class, Buffer.class,
            HttpRequest.class);
    private PathPattern path;
    private List<String> methods;
    private HttpBinding binding;
    private WebServerLease lease;

    public HttpEntrypoint() {
        super(Http.class, Http::expectedExceptions, Http::sensitiveArguments);
    }

    @Override
    public Future<Void> setup() {
        try {
            path = PathPattern.of(annotation.path());
            methods = methodsOf(annotation.method());
            binding = new HttpBinding(method, path);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new ConfigurationError("@Http on " + method.getName() + ": " + e.getMessage()));
        } catch (ConfigurationError e) {
            return Future.failedFuture(e);
        }
        lease = container.shared(WebServerLease.class, () -> new WebServerLease(container));
        lease.register(this);
        return TypeSchemas.prepare(container.vertx(), bodyTypes());
    }

    private static List<String> methodsOf(String text) {
        Set<String> methods = new LinkedHashSet<>();
        for (String m : text.split(",")) {
            String name = m.trim().toUpperCase();
            if (!HttpMethod.values().contains(HttpMethod.valueOf(name))) {
                throw new IllegalArgumentException("unknown HTTP method '" + name + "'");
            }
            methods.add(name);
        }
        return List.copyOf(methods);
    }

    @Override
    public void describe(ServiceRecord.Builder record) {
        record.addExtra("routes", new HttpRoute(methods, path.path(), method.getName(), binding.params(),
                lease.advertisedAddress()).toJson());
        bodyTypes().forEach(type -> TypeSchemas.describe(record, type));
    }

    /** The type of a JSON body parameter, whose schema the record carries. */
    private List<Type> bodyTypes() {
        return Arrays.stream(method.getParameters())
                .filter(p -> p.getName().equals(HttpBinding.BODY) && !TEXT_OR_BYTES.contains(p.getType()))
                .map(Parameter::getParameterizedType).toList();
    }

    PathPattern path() {
        return path;
    }

    List<String> methods() {
        return methods;
    }

    /** Called on the server's event loop: hands the request to a worker and writes what comes back. */
    void handle(RoutingContext ctx) {
        HttpRequest request = requestOf(ctx);
        Context connection = Vertx.currentContext();
        Map<String, Object> contextData = HttpContextData.fromHeaders(ctx.request().headers());
        boolean traced = container.options().tracing();
        if (traced) {
            HttpServerSpans.carry(ctx.request().headers(), contextData);
        }
        container.spawnWorker(this, binding.arguments(request), contextData,
                        (worker, result, error) -> {
                            if (traced) {
                                HttpServerSpans.describe(request.method(), path.path(), request.path());
                            }
                            return reply(worker, result, error);
                        })
                // The worker completes on its own thread; the response belongs to the connection's event loop.
                .onComplete(outcome -> connection.runOnContext(v -> (outcome.succeeded() ? outcome.result()
                        : HttpReply.ofError(outcome.cause(), this)).writeTo(ctx.response())));
    }

    private HttpReply reply(WorkerContext worker, Object result, Throwable error) {
        HttpReply reply;
        if (error != null) {
            reply = HttpReply.ofError(error, this);
        } else {
            try {
                reply = HttpReply.ofResult(result);
            } catch (IllegalArgumentException e) {
                reply = HttpReply.ofError(500, new UnserializableValueError(e.getMessage()));
            }
        }
        return reply.withHeader(HttpContextData.CALL_ID_HEADER, worker.callId());
    }

    private static HttpRequest requestOf(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        return new HttpRequest(ctx.request().method().name(), ctx.request().path(), mapOf(ctx.request().headers()),
                mapOf(ctx.queryParams()), new HashMap<>(ctx.pathParams()), body == null ? null : body.getBytes(),
                String.valueOf(ctx.request().remoteAddress()));
    }

    private static Map<String, List<String>> mapOf(MultiMap multiMap) {
        Map<String, List<String>> map = new HashMap<>();
        for (String name : multiMap.names()) {
            map.put(name, new ArrayList<>(multiMap.getAll(name)));
        }
        return map;
    }
}
