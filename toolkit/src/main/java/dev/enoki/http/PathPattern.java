package dev.enoki.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A vertx-web path such as {@code /orders/:id}: matches request paths and names their variables, so that a node
 * and a gateway agree on which route a path belongs to.
 */
public final class PathPattern {
    private static final Pattern VARIABLE = Pattern.compile(":([A-Za-z_][A-Za-z0-9_]*)");

    private final String path;
    private final Pattern regex;
    private final List<String> variables;

    private PathPattern(String path, Pattern regex, List<String> variables) {
        this.path = path;
        this.regex = regex;
        this.variables = variables;
    }

    public static PathPattern of(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP path starts with '/': " + path);
        }
        List<String> variables = new ArrayList<>();
        StringBuilder regex = new StringBuilder();
        Matcher m = VARIABLE.matcher(path);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(path.substring(last, m.start()))).append("([^/]+)");
            variables.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return new PathPattern(path, Pattern.compile(regex.toString()), List.copyOf(variables));
    }

    /** The variables of a matching path, by name; null when the path does not match. */
    public Map<String, String> match(String requestPath) {
        Matcher m = regex.matcher(requestPath);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            values.put(variables.get(i), m.group(i + 1));
        }
        return values;
    }

    public List<String> variables() {
        return variables;
    }

    /** The same path as OpenAPI writes it: {@code /orders/{id}}. */
    public String openApiPath() {
        return VARIABLE.matcher(path).replaceAll("{$1}");
    }

    public String path() {
        return path;
    }

    @Override
    public String toString() {
        return path;
    }
}
