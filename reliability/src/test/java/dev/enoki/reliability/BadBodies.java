package dev.enoki.reliability;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Bodies that are wrong in the ways senders get them wrong, varied by a seed so no two are alike. */
final class BadBodies {
    private BadBodies() {
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Not JSON at all, or JSON with a syntax error somewhere. */
    static byte[] invalidJson(int seed) {
        String[] shapes = {"{\"args\": [\"x\"], \"kwargs\": {}", "{args: [1]}", "not json " + seed,
                "{\"args\": [\"a\",], \"kwargs\": {}}", "{\"args\": [\"" + seed + "\" \"kwargs\": {}}",
                "\u0000\u0001garbage" + seed, "{\"args\": [NaN], \"kwargs\": {}}", "'single' " + seed};
        return utf8(shapes[seed % shapes.length]);
    }

    /** A good body cut short at a point that depends on the seed. */
    static byte[] truncated(String good, int seed) {
        byte[] full = utf8(good);
        return Arrays.copyOf(full, 1 + seed % (full.length - 1));
    }

    /** {@code depth} arrays inside each other, around a value. */
    static String nested(int depth, String inner) {
        return "[".repeat(depth) + inner + "]".repeat(depth);
    }

    /** A JSON string of about {@code bytes} bytes, as a complete body of {@code prefix...suffix}. */
    static byte[] huge(int bytes, String prefix, String suffix) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) 'x');
        byte[] head = utf8(prefix + "\"");
        byte[] tail = utf8("\"" + suffix);
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(tail, 0, body, bytes - tail.length, tail.length);
        return body;
    }
}
