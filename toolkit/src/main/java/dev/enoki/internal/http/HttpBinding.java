package dev.enoki.internal.http;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.BadRequest;
import dev.enoki.ConfigurationError;
import dev.enoki.HttpRequest;
import dev.enoki.MalformedRequest;
import dev.enoki.WorkerArguments;
import dev.enoki.http.HttpRoute;
import dev.enoki.http.PathPattern;
import dev.enoki.json.BindingFailure;
import dev.enoki.json.Json;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How an {@code @Http} method's parameters take a request, worked out once at setup: by type ({@link HttpRequest}),
 * by name ({@code body}, a path variable) or else from the query. Values are converted with Jackson; a value that
 * does not convert is a {@link BadRequest}, answered with 400.
 */
final class HttpBinding {
    static final String BODY = "body";

    private final List<HttpRoute.Param> params = new ArrayList<>();
    private final List<Function<HttpRequest, Object>> binders = new ArrayList<>();

    HttpBinding(Method method, PathPattern path) {
        for (Parameter p : method.getParameters()) {
            if (p.getType() == HttpRequest.class) {
                add(p, "request", request -> request);
            } else if (path.variables().contains(p.getName())) {
                ObjectReader reader = readerOf(p.getParameterizedType());
                add(p, "path", request -> convert(p, reader, request.pathParam(p.getName())));
            } else if (p.getName().equals(BODY)) {
                add(p, "body", bodyBinder(p));
            } else if (p.getName().matches("arg\\d+")) {
                throw new ConfigurationError(method + " has no parameter names: compile with -parameters");
            } else {
                add(p, "query", queryBinder(p));
            }
        }
    }

    private void add(Parameter p, String in, Function<HttpRequest, Object> binder) {
        params.add(new HttpRoute.Param(p.getName(), p.getParameterizedType().getTypeName(), in));
        binders.add(binder);
    }

    List<HttpRoute.Param> params() {
        return List.copyOf(params);
    }

    /** Binds on the worker's thread, so a large JSON body is never decoded on an event loop. */
    WorkerArguments arguments(HttpRequest request) {
        return method -> {
            Object[] values = new Object[binders.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = binders.get(i).apply(request);
            }
            return values;
        };
    }

    private static Function<HttpRequest, Object> queryBinder(Parameter p) {
        boolean optional = p.getType() == Optional.class;
        Type type = optional ? innerOf(p.getParameterizedType()) : p.getParameterizedType();
        ObjectReader reader = readerOf(type);
        return request -> {
            String value = request.query(p.getName());
            if (value == null) {
                if (optional) {
                    return Optional.empty();
                }
                throw new BadRequest("missing query parameter '" + p.getName() + "'");
            }
            Object converted = convert(p, reader, value);
            return optional ? Optional.ofNullable(converted) : converted;
        };
    }

    private static Function<HttpRequest, Object> bodyBinder(Parameter p) {
        Class<?> type = p.getType();
        if (type == String.class) {
            return HttpRequest::bodyAsString;
        }
        if (type == byte[].class) {
            return HttpRequest::body;
        }
        if (type == Buffer.class) {
            return request -> Buffer.buffer(request.body());
        }
        ObjectReader reader = readerOf(p.getParameterizedType());
        boolean optional = type == Optional.class;
        return request -> {
            byte[] body = request.body();
            if (body.length == 0) {
                if (optional) {
                    return Optional.empty();
                }
                throw new MalformedRequest("a JSON body is required");
            }
            try {
                return reader.readValue(body);
            } catch (IOException | IllegalArgumentException e) {
                throw new MalformedRequest("body is not JSON of type " + p.getParameterizedType().getTypeName()
                        + ": " + BindingFailure.of(BODY, e));
            }
        };
    }

    private static Object convert(Parameter p, ObjectReader reader, String value) {
        if (p.getType() == String.class) {
            return value;
        }
        try {
            return reader.readValue(Json.mapper().getNodeFactory().textNode(value));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadRequest("'" + p.getName() + "' must be " + p.getParameterizedType().getTypeName()
                    + ", not '" + value + "'");
        }
    }

    private static ObjectReader readerOf(Type type) {
        JavaType javaType = Json.type(type);
        return Json.mapper().readerFor(javaType);
    }

    private static Type innerOf(Type optional) {
        return optional instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : String.class;
    }
}
