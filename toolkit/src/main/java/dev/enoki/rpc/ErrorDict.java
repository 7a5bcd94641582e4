package dev.enoki.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.enoki.CircuitOpen;
import dev.enoki.ContainerBeingKilled;
import dev.enoki.IncorrectSignature;
import dev.enoki.MalformedRequest;
import dev.enoki.MethodNotFound;
import dev.enoki.RemoteError;
import dev.enoki.ServiceBusy;
import dev.enoki.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Nameko's error dict: {@code {"exc_type", "exc_path", "exc_args", "value"}}, the one place that writes it and reads
 * it back. Enoki's errors that have a Nameko twin travel under Nameko's path
 * ({@code nameko.exceptions.MethodNotFound}), so a Python caller re-raises the same class. {@link ReplyBody} carries
 * it in a reply; an HTTP error answers with it.
 */
public final class ErrorDict {
    private static final String NAMEKO = "nameko.exceptions.";
    private static final Set<String> NAMEKO_TWINS = Set.of("MethodNotFound", "IncorrectSignature", "MalformedRequest",
            "UnknownService", "RpcTimeout", "RemoteError", "ContainerBeingKilled", "UnserializableValueError",
            "BadRequest", "ConfigurationError", "ConnectionNotFound");

    /** Paths a caller turns back into local exceptions; every other path becomes a {@link RemoteError}. */
    private static final Map<String, Function<String, RuntimeException>> LOCAL = Map.of(
            NAMEKO + "MethodNotFound", MethodNotFound::new,
            NAMEKO + "IncorrectSignature", IncorrectSignature::new,
            NAMEKO + "MalformedRequest", MalformedRequest::new,
            NAMEKO + "ContainerBeingKilled", ContainerBeingKilled::new,
            ServiceBusy.class.getName(), ServiceBusy::new,
            CircuitOpen.class.getName(), CircuitOpen::new);

    private ErrorDict() {
    }

    /** The dict of an exception; {@code exc_args} holds its message when it has one, as Python's would. */
    public static ObjectNode of(Throwable error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        ObjectNode dict = Json.mapper().createObjectNode();
        dict.put("exc_type", error.getClass().getSimpleName());
        dict.put("exc_path", pathOf(error.getClass()));
        ArrayNode args = dict.putArray("exc_args");
        if (error.getMessage() != null) {
            args.add(message);
        }
        dict.put("value", message);
        return dict;
    }

    /** The dict of an error that is not a Java exception, such as an HTTP server's own 404. */
    public static ObjectNode of(String type, String path, String message) {
        ObjectNode dict = Json.mapper().createObjectNode();
        dict.put("exc_type", type);
        dict.put("exc_path", path);
        dict.putArray("exc_args").add(message);
        dict.put("value", message);
        return dict;
    }

    /** The {@code exc_path} an exception of {@code type} travels under. */
    public static String pathOf(Class<?> type) {
        if (type.getPackageName().equals("dev.enoki") && NAMEKO_TWINS.contains(type.getSimpleName())) {
            return NAMEKO + type.getSimpleName();
        }
        return type.getName();
    }

    /** The exception a caller raises for a reply's error dict. */
    public static RuntimeException toException(JsonNode dict) {
        String path = dict.path("exc_path").asText("");
        String value = dict.path("value").asText("");
        List<Object> args = new ArrayList<>();
        dict.path("exc_args").forEach(a -> args.add(Json.mapper().convertValue(a, Object.class)));
        Function<String, RuntimeException> local = LOCAL.get(path);
        if (local != null) {
            return local.apply(args.size() == 1 && args.get(0) instanceof String s ? s : value);
        }
        return new RemoteError(dict.path("exc_type").asText(""), path, args, value);
    }
}
