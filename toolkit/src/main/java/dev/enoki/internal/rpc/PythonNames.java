package dev.enoki.internal.rpc;

/**
 * The Python spelling of a Java name: {@code appendIdentifier} is {@code append_identifier}. A service moved from
 * Nameko to Java keeps answering its Python callers under the names they use, its event handlers keep their
 * queues, and a Java caller reaches a Python service whose method it names in Java's way.
 */
public final class PythonNames {
    private PythonNames() {
    }

    /** {@code name} in snake case; a name without capitals comes back as it is. */
    public static String of(String name) {
        StringBuilder snake = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (snake == null) {
                    snake = new StringBuilder(name.length() + 4).append(name, 0, i);
                }
                boolean wordStart = i > 0 && (Character.isLowerCase(name.charAt(i - 1))
                        || Character.isDigit(name.charAt(i - 1))
                        || i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1)));
                if (wordStart && snake.length() > 0 && snake.charAt(snake.length() - 1) != '_') {
                    snake.append('_');
                }
                snake.append(Character.toLowerCase(c));
            } else if (snake != null) {
                snake.append(c);
            }
        }
        return snake == null ? name : snake.toString();
    }
}
