package dev.enoki.launcher;

/**
 * Python's {@code True}, {@code False} and {@code None} in a JSON-ish argument, at any depth, as JSON's
 * {@code true}, {@code false} and {@code null}. A small scanner rather than a text replace: words inside quoted
 * strings ({@code "None of these"}) and words that only start like them ({@code Nonesuch}) are left as they are.
 */
final class PythonLiterals {
    private PythonLiterals() {
    }

    /** {@code text} with every bare {@code True}, {@code False} and {@code None} written as JSON. */
    static String toJson(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfString(text, i);
                out.append(text, i, end);
                i = end;
            } else if (isWordPart(c)) {
                int end = i;
                while (end < text.length() && isWordPart(text.charAt(end))) {
                    end++;
                }
                out.append(json(text.substring(i, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String json(String word) {
        return switch (word) {
            case "True" -> "true";
            case "False" -> "false";
            case "None" -> "null";
            default -> word;
        };
    }

    /** Just past the string's closing quote, a backslash escaping the next character; the text's end if unclosed. */
    private static int endOfString(String text, int open) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                return i + 1;
            } else {
                i++;
            }
        }
        return text.length();
    }

    /** What a bare word (a literal, a number, an unquoted key) is made of. */
    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
