package dev.enoki.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.WorkerArguments;
import dev.enoki.internal.container.MissingParameterNames;
import dev.enoki.internal.rpc.PythonNames;
import dev.enoki.json.BindingFailure;
import dev.enoki.json.Json;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** How {@link RequestBody} binds a request to one method: its parameters and a reader for each, made once. */
final class ArgumentBinding {
    private static final Map<Method, ArgumentBinding> BINDINGS = new ConcurrentHashMap<>();

    private final Method method;
    private final Parameter[] params;
    private final Class<?>[] types;
    private final ObjectReader[] readers;
    /** The parameters' names as a Python caller spells its keywords. */
    private final String[] pythonNames;

    private ArgumentBinding(Method method) {
        this.method = method;
        this.params = method.getParameters();
        this.types = method.getParameterTypes();
        this.readers = new ObjectReader[params.length];
        this.pythonNames = new String[params.length];
        for (int i = 0; i < params.length; i++) {
            readers[i] = Json.mapper().readerFor(Json.type(params[i].getParameterizedType()));
            pythonNames[i] = PythonNames.of(params[i].getName());
        }
    }

    static ArgumentBinding of(Method method) {
        return BINDINGS.computeIfAbsent(method, ArgumentBinding::new);
    }

    Object[] bind(byte[] body) {
        Object[] values = bindStreaming(body);
        return values != null ? values : bindTree(body);
    }

    /**
     * The usual well-formed request bound straight from the parser, without a tree; null when anything is unusual
     * (an error, a repeated key, a missing parameter), so that {@link #bindTree} gives the precise error.
     */
    private Object[] bindStreaming(byte[] body) {
        Object[] values = new Object[params.length];
        boolean[] given = new boolean[params.length];
        boolean[] seen = new boolean[2];   // args, kwargs
        boolean usual = ObjectFields.walk(body, (field, token, parser) -> {
            if ("args".equals(field)) {
                if (seen[0] || token != JsonToken.START_ARRAY) {
                    return false;
                }
                seen[0] = true;
                return readArgs(parser, values, given);
            }
            if ("kwargs".equals(field)) {
                if (seen[1] || token != JsonToken.START_OBJECT) {
                    return false;
                }
                seen[1] = true;
                return readKwargs(parser, values, given);
            }
            parser.skipChildren();
            return true;
        });
        return usual && seen[0] && seen[1] && leftOut(values, given) ? values : null;
    }

    private boolean readArgs(JsonParser parser, Object[] values, boolean[] given) throws IOException {
        for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
            if (i >= params.length || given[i]) {
                return false;
            }
            values[i] = ScalarValues.read(parser, types[i], readers[i]);
            given[i] = true;
        }
        return true;
    }

    private boolean readKwargs(JsonParser parser, Object[] values, boolean[] given) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            int i = indexOf(parser.currentName());
            if (i < 0 || given[i]) {
                return false;
            }
            parser.nextToken();
            values[i] = ScalarValues.read(parser, types[i], readers[i]);
            given[i] = true;
        }
        return true;
    }

    /** Fills the parameters left out with {@code Optional.empty()}; false when one of them is not optional. */
    private boolean leftOut(Object[] values, boolean[] given) {
        for (int i = 0; i < params.length; i++) {
            if (!given[i]) {
                if (params[i].getType() != Optional.class) {
                    return false;
                }
                values[i] = Optional.empty();
            }
        }
        return true;
    }

    /** Binds through a JSON tree, checking the request in Python's order so each mistake gets its own error. */
    private Object[] bindTree(byte[] body) {
        JsonNode root = parse(body);
        JsonNode args = root.get("args");
        JsonNode kwargs = root.get("kwargs");
        if (args == null || kwargs == null) {
            throw new MalformedRequest("Message missing `args` or `kwargs`");
        }
        if (!args.isArray() || !kwargs.isObject()) {
            throw new MalformedRequest("`args` must be a JSON array and `kwargs` a JSON object");
        }
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
            int index = indexOf(kw.getKey());
            if (index < 0) {
                throw unexpectedKeyword(method, kw.getKey());
            }
            if (slots[index] != null) {
                throw new IncorrectSignature(name + "() got multiple values for argument '" + kw.getKey() + "'");
            }
            slots[index] = kw.getValue();
        }
        return bindSlots(slots);
    }

    private Object[] bindSlots(JsonNode[] slots) {
        Object[] values = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            if (slots[i] == null) {
                if (params[i].getType() != Optional.class) {
                    throw new IncorrectSignature(method.getName() + "() missing required argument: '"
                            + params[i].getName() + "'");
                }
                values[i] = Optional.empty();
                continue;
            }
            try {
                values[i] = readers[i].readValue(slots[i]);
            } catch (IOException | IllegalArgumentException e) {
                throw unbound(params[i], e);
            }
        }
        return values;
    }

    /**
     * A value that does not bind, named down to the field that failed: {@code add() argument 'a' must be int, not
     * "one"}, {@code place() argument 'order' must be Order: order.lines[1].quantity must be int, not "two"}.
     */
    private IncorrectSignature unbound(Parameter param, Exception e) {
        BindingFailure failure = BindingFailure.of(param.getName(), e);
        String prefix = method.getName() + "() argument '" + param.getName() + "' ";
        if (failure.atRoot(param.getName())) {
            return new IncorrectSignature(prefix + failure.problem());
        }
        return new IncorrectSignature(prefix + "must be " + param.getParameterizedType().getTypeName() + ": " + failure);
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
    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw new MalformedRequest("Message must be a JSON object with `args` and `kwargs`");
            }
            return root;
        } catch (IOException e) {
            throw new MalformedRequest("Invalid JSON: " + JsonMessages.firstLine(e.getMessage()));
        }
    }

    /** The parameter a keyword names, in Java's spelling or in Python's ({@code user_id} for {@code userId}). */
    private int indexOf(String name) {
        for (int i = 0; i < params.length; i++) {
            if (params[i].getName().equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < params.length; i++) {
            if (pythonNames[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
