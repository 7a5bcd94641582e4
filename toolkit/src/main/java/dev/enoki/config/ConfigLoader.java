package dev.enoki.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.enoki.ConfigurationError;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML or JSON config file as Nameko does: every {@code ${VAR}} or {@code ${VAR:default}} in a value is
 * replaced from the environment (defaults may nest: {@code ${A:${B:x}}}), and the result is read again as YAML, so
 * {@code ${PORT:8000}} is the number 8000 and {@code ${HOSTS:[a, b]}} a list.
 */
public final class ConfigLoader {
    /** The innermost {@code ${...}}: a name, then an optional default holding no further braces. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^${}:]+)(?::([^${}]*))?}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    public static JsonObject load(Path file) {
        return load(file, System.getenv());
    }

    public static JsonObject load(Path file, Map<String, String> env) {
        try {
            return parse(Files.readString(file), env);
        } catch (IOException e) {
            throw new ConfigurationError("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public static JsonObject parse(String text, Map<String, String> env) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw new ConfigurationError("config is not valid YAML or JSON: " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new JsonObject();
        }
        if (!root.isObject()) {
            throw new ConfigurationError("config must be a mapping of keys to values");
        }
        return new JsonObject(YAML.convertValue(substitute(root, env), Map.class));
    }

    /** Replaces every variable in {@code text}, innermost first. */
    public static String expand(String text, Map<String, String> env) {
        String current = text;
        while (true) {
            Matcher m = VARIABLE.matcher(current);
            if (!m.find()) {
                return current;
            }
            StringBuilder out = new StringBuilder();
            do {
                String value = env.get(m.group(1));
                if (value == null) {
                    value = m.group(2) == null ? "" : m.group(2);
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            } while (m.find());
            m.appendTail(out);
            current = out.toString();
        }
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> env) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(substitute(field.getValue(), env));
            }
            return object;
        }
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, substitute(array.get(i), env));
            }
            return array;
        }
        if (node.isTextual() && node.asText().contains("${")) {
            String expanded = expand(node.asText(), env);
            try {
                JsonNode typed = YAML.readTree(expanded);
                return typed == null || typed.isMissingNode() ? TextNode.valueOf(expanded) : typed;
            } catch (IOException e) {
                return TextNode.valueOf(expanded);
            }
        }
        return node;
    }
}
