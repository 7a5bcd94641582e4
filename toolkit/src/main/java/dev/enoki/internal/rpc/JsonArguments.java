package dev.enoki.internal.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.WorkerArguments;
import dev.enoki.internal.container.MissingParameterNames;
import dev.enoki.json.Json;
import dev.enoki.rpc.ScalarValues;
import io.vertx.core.buffer.Buffer;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Nameko request body, {@code {"args": [...], "kwargs": {...}}}, bound to a method's parameters by position and
 * by name, with Python's rules: too many positional arguments, unknown or repeated names and missing parameters are
 * an {@link IncorrectSignature}; an {@code Optional} parameter may be left out.
 */
public final class JsonArguments implements WorkerArguments {
    private static final Map<Method, Binding> BINDINGS = new ConcurrentHashMap<>();

    private final Buffer body;

    public JsonArguments(Buffer body) {
        this.body = body;
    }

    @Override
    public Object[] bind(Method method) {
        Binding binding = BINDINGS.computeIfAbsent(method, Binding::new);
        Object[] values = bindStreaming(binding.params, binding.types, binding.readers);
        return values != null ? values : bindTree(method, binding.readers);
    }

    /** A method's parameters and a reader for each, made once per method. */
    private record Binding(Parameter[] params, Class<?>[] types, ObjectReader[] readers) {
        Binding(Method method) {
            this(method.getParameters(), method.getParameterTypes(), readersOf(method));
        }
    }

    /**
     * The usual well-formed request bound straight from the parser, without a tree; null when anything is unusual
     * (an error, a repeated key, a missing parameter), so that {@link #bindTree} gives the precise error.
     */
    private Object[] bindStreaming(Parameter[] params, Class<?>[] types, ObjectReader[] readers) {
        Object[] values = new Object[params.length];
        boolean[] given = new boolean[params.length];
        boolean args = false;
        boolean kwargs = false;
        try (JsonParser parser = Json.mapper().createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken next;
            while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if ("args".equals(field)) {
                    if (args || token != JsonToken.START_ARRAY) {
                        return null;
                    }
                    args = true;
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        if (i >= params.length || given[i]) {
                            return null;
                        }
                        values[i] = ScalarValues.read(parser, types[i], readers[i]);
                        given[i] = true;
                    }
                } else if ("kwargs".equals(field)) {
                    if (kwargs || token != JsonToken.START_OBJECT) {
                        return null;
                    }
                    kwargs = true;
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        int i = indexOf(params, parser.currentName());
                        if (i < 0 || given[i]) {
                            return null;
                        }
                        parser.nextToken();
                        values[i] = ScalarValues.read(parser, types[i], readers[i]);
                        given[i] = true;
                    }
                } else {
                    parser.skipChildren();
                }
            }
            if (next != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!args || !kwargs) {
            return null;
        }
        for (int i = 0; i < params.length; i++) {
            if (!given[i]) {
                if (params[i].getType() != Optional.class) {
                    return null;
                }
                values[i] = Optional.empty();
            }
        }
        return values;
    }

    /** Binds through a JSON tree, checking the request in Python's order so each mistake gets its own error. */
    private Object[] bindTree(Method method, ObjectReader[] readers) {
        JsonNode root = parse(body);
        JsonNode args = root.get("args");
        JsonNode kwargs = root.get("kwargs");
        if (args == null || kwargs == null) {
            throw new MalformedRequest("Message missing `args` or `kwargs`");
        }
        if (!args.isArray() || !kwargs.isObject()) {
            throw new MalformedRequest("`args` must be a JSON array and `kwargs` a JSON object");
        }
        Parameter[] params = method.getParameters();
        String name = method.getName();
        if (args.size() > params.length) {
            throw new IncorrectSignature(name + "() takes " + params.length + " positional arguments but "
                    + args.size() + " were given");
        }
        JsonNode[] slots = new JsonNode[params.length];
        for (int i = 0; i < args.size(); i++) {
            slots[i] = args.get(i);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = kwargs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> kw = it.next();
            int index = indexOf(params, kw.getKey());
            if (index < 0) {
                throw unexpectedKeyword(method, kw.getKey());
            }
            if (slots[index] != null) {
                throw new IncorrectSignature(name + "() got multiple values for argument '" + kw.getKey() + "'");
            }
            slots[index] = kw.getValue();
        }
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            if (slots[i] == null) {
                if (params[i].getType() != Optional.class) {
                    throw new IncorrectSignature(name + "() missing required argument: '" + params[i].getName() + "'");
                }
                values[i] = Optional.empty();
                continue;
            }
            try {
                values[i] = readers[i].readValue(slots[i]);
            } catch (IOException | IllegalArgumentException e) {
                throw new IncorrectSignature(name + "() argument '" + params[i].getName() + "' must be "
                        + params[i].getParameterizedType().getTypeName() + ": " + firstLine(e.getMessage()));
            }
        }
        return values;
    }

    /** Nameko's error for an unknown keyword, plus a hint when the names it was looked up by were not compiled in. */
    private static IncorrectSignature unexpectedKeyword(Method method, String keyword) {
        String message = method.getName() + "() got an unexpected keyword argument '" + keyword + "'";
        if (MissingParameterNames.in(method)) {
            message += " (" + MissingParameterNames.hint(method.getDeclaringClass()) + ")";
        }
        return new IncorrectSignature(message);
    }

    /** The body as a JSON tree, or a {@link MalformedRequest}. */
    static JsonNode parse(Buffer body) {
        try {
            JsonNode root = Json.mapper().readTree(body.getBytes());
            if (root == null || !root.isObject()) {
                throw new MalformedRequest("Message must be a JSON object with `args` and `kwargs`");
            }
            return root;
        } catch (IOException e) {
            throw new MalformedRequest("Invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static int indexOf(Parameter[] params, String name) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectReader[] readersOf(Method method) {
        Parameter[] params = method.getParameters();
        ObjectReader[] readers = new ObjectReader[params.length];
        for (int i = 0; i < params.length; i++) {
            readers[i] = Json.mapper().readerFor(Json.type(params[i].getParameterizedType()));
        }
        return readers;
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
