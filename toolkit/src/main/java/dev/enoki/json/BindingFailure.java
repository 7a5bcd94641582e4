package dev.enoki.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a JSON value did not bind to a Java type, in the caller's words: where (the field path from the value's name,
 * {@code order.lines[1].quantity}) and what ({@code must be int, not "two"}; {@code is missing or null, and an int
 * cannot be}), never Jackson's own advice about its settings. Fields a type does not have are ignored, not failures.
 *
 * @param path    the value's name followed by the fields and indexes down to the value that failed
 * @param problem what is wrong there, a phrase that follows the path
 */
public record BindingFailure(String path, String problem) {
    private static final Pattern FOUND = Pattern.compile("from (Array|Object|String|Boolean|Integer|Floating-point|"
            + "Null|Embedded Object) value");
    /** Jackson's advice about its own features, in parentheses or after a semicolon. */
    private static final Pattern ADVICE = Pattern.compile("\\s*(\\((set|disable|enable|through reference chain)[^)]*\\)"
            + "|;\\s*`?DeserializationFeature.*$)");

    /** The failure of binding the value named {@code root} (a parameter, {@code body}), from Jackson's exception. */
    public static BindingFailure of(String root, Throwable failure) {
        String path = root;
        if (failure instanceof JsonMappingException mapping) {
            path = root + pathOf(mapping);
        }
        return new BindingFailure(path, problemOf(failure));
    }

    /** True when the failure is at the named value itself rather than somewhere inside it. */
    public boolean atRoot(String root) {
        return path.equals(root);
    }

    @Override
    public String toString() {
        return path + " " + problem;
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String problemOf(Throwable failure) {
        if (failure instanceof ValueInstantiationException e && e.getCause() != null) {
            return "was refused: " + firstLine(e.getCause().getMessage());
        }
        String message = failure instanceof JsonProcessingException e ? e.getOriginalMessage() : failure.getMessage();
        message = firstLine(message);
        if (failure instanceof MismatchedInputException e && e.getTargetType() != null) {
            String type = typeName(e.getTargetType());
            if (message.startsWith("Cannot map `null`") || message.startsWith("Cannot coerce `null`")) {
                return "is missing or null, and " + withArticle(type) + " cannot be";
            }
            if (failure instanceof InvalidFormatException invalid) {
                return "must be " + type + ", not " + quoted(invalid.getValue());
            }
            Matcher found = FOUND.matcher(message);
            return found.find() ? "must be " + type + ", not " + foundName(found.group(1)) : "must be " + type;
        }
        return "is not valid: " + ADVICE.matcher(message).replaceAll("");
    }

    private static String typeName(Class<?> type) {
        return type.isArray() ? type.getComponentType().getSimpleName() + "[]" : type.getSimpleName();
    }

    private static String withArticle(String type) {
        return ("aeiou".indexOf(Character.toLowerCase(type.charAt(0))) >= 0 ? "an " : "a ") + type;
    }

    private static String foundName(String jackson) {
        return switch (jackson) {
            case "Array" -> "an array";
            case "Object" -> "an object";
            case "String" -> "a string";
            case "Boolean" -> "a boolean";
            case "Integer" -> "a whole number";
            case "Floating-point" -> "a decimal number";
            case "Null" -> "null";
            default -> "an embedded object";
        };
    }

    private static String quoted(Object value) {
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        return String.valueOf(value);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
