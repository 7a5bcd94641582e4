package dev.enoki.launcher;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.enoki.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the shell, read as Nameko's shell reads Python: {@code n.rpc.greeting_service.hello("Matt")} (or
 * {@code n.greeting_service.hello(name="Matt")}), {@code n.dispatch_event("orders", "order_created", {...})},
 * {@code n.config}, {@code services}, {@code help}, {@code exit}. Arguments are JSON values, leniently: single quotes,
 * unquoted keys and Python's True, False and None, at any depth, are accepted ({@link PythonLiterals}).
 */
sealed interface ShellStatement {
    Pattern CALL = Pattern.compile("n\\.(?:rpc\\.)?([A-Za-z0-9_\\-]+)\\.([A-Za-z_$][A-Za-z0-9_$]*)\\((.*)\\)", Pattern.DOTALL);
    Pattern DISPATCH = Pattern.compile("n\\.dispatch_event\\((.*)\\)", Pattern.DOTALL);
    Pattern KEYWORD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(.*)", Pattern.DOTALL);
    ObjectReader LENIENT = Json.mapper().readerFor(Object.class)
            .with(JsonReadFeature.ALLOW_SINGLE_QUOTES.mappedFeature())
            .with(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES.mappedFeature())
            .with(JsonReadFeature.ALLOW_TRAILING_COMMA.mappedFeature());

    record Call(String service, String method, List<Object> args, Map<String, Object> kwargs) implements ShellStatement {
    }

    record Dispatch(String source, String eventType, Object payload) implements ShellStatement {
    }

    /** {@code services}, {@code help}, {@code config} or {@code exit}. */
    record Builtin(String name) implements ShellStatement {
    }

    /** Nothing to do: a blank line or a comment. */
    record Empty() implements ShellStatement {
    }

    /** Reads a line; throws {@link IllegalArgumentException} with what is wrong. */
    static ShellStatement parse(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return new Empty();
        }
        switch (text) {
            case "services", "help", "exit" -> {
                return new Builtin(text);
            }
            case "quit", "n.disconnect()" -> {
                return new Builtin("exit");
            }
            case "n.config" -> {
                return new Builtin("config");
            }
            default -> {
            }
        }
        Matcher dispatch = DISPATCH.matcher(text);
        if (dispatch.matches()) {
            List<String> parts = splitArguments(dispatch.group(1));
            if (parts.size() != 3) {
                throw new IllegalArgumentException("n.dispatch_event takes (source, event_type, payload)");
            }
            return new Dispatch(String.valueOf(value(parts.get(0))), String.valueOf(value(parts.get(1))),
                    value(parts.get(2)));
        }
        Matcher call = CALL.matcher(text);
        if (call.matches()) {
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            for (String part : splitArguments(call.group(3))) {
                part = part.strip();
                Matcher keyword = KEYWORD.matcher(part);
                if (keyword.matches()) {
                    kwargs.put(keyword.group(1), value(keyword.group(2)));
                } else if (!kwargs.isEmpty()) {
                    throw new IllegalArgumentException("a positional argument follows a keyword argument: " + part);
                } else {
                    args.add(value(part));
                }
            }
            return new Call(call.group(1), call.group(2), args, kwargs);
        }
        throw new IllegalArgumentException("not understood: " + text + " (type help)");
    }

    private static Object value(String text) {
        String t = text.strip();
        try {
            return LENIENT.readValue(PythonLiterals.toJson(t));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON value: " + t);
        }
    }

    /** Splits at the commas that are outside quotes and brackets. */
    private static List<String> splitArguments(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '[' || c == '{' || c == '(') {
                depth++;
            } else if (c == ']' || c == '}' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        if (quote != 0 || depth != 0) {
            throw new IllegalArgumentException("unbalanced quotes or brackets in: " + text);
        }
        String last = text.substring(start);
        if (!last.isBlank() || !parts.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }
}
