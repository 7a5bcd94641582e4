package dev.enoki.reliability;

import java.util.List;

import static dev.enoki.reliability.BadBodies.utf8;

/** The ways a {@code POST /api/poison/...} to the gateway can be wrong, with the status and error it must get. */
enum BadHttpCall {
    INVALID_JSON("echo", "application/json", 400, "MalformedRequest"),
    TRUNCATED("echo", "application/json", 400, "MalformedRequest"),
    BARE_SCALAR("echo", "application/json", 400, "MalformedRequest"),
    WRONG_TYPES("add", "application/json", 400, "IncorrectSignature"),
    WRONG_ARITY("add", "application/json", 400, "IncorrectSignature"),
    DEEP_NESTING("echo", "application/json", 400, "MalformedRequest"),
    FOREIGN_CONTENT_TYPE("echo", "text/plain", 400, "MalformedRequest"),
    FORM_CONTENT("add", "application/x-www-form-urlencoded", 400, "MalformedRequest"),
    NO_CONTENT_TYPE("echo", null, 400, "MalformedRequest"),
    /** Over the gateway's {@code body_limit}; only a few. */
    HUGE("echo", "application/json", 413, "PayloadTooLarge");

    private static final List<BadHttpCall> SMALL = List.of(values()).subList(0, values().length - 1);

    final String method;
    final String contentType;
    final int status;
    final String expectedError;

    BadHttpCall(String method, String contentType, int status, String expectedError) {
        this.method = method;
        this.contentType = contentType;
        this.status = status;
        this.expectedError = expectedError;
    }

    static BadHttpCall nth(int n, int count, int huge) {
        return n >= count - huge ? HUGE : SMALL.get(n % SMALL.size());
    }

    byte[] body(String id, int seed) {
        String good = "[\"" + id + "\"]";
        return switch (this) {
            case INVALID_JSON, NO_CONTENT_TYPE -> BadBodies.invalidJson(seed);
            case TRUNCATED -> BadBodies.truncated(good, seed);
            case BARE_SCALAR -> utf8(seed % 2 == 0 ? "\"" + id + "\"" : Integer.toString(seed));
            case WRONG_TYPES -> utf8("[\"one\", {\"two\": 2}]");
            case WRONG_ARITY -> utf8("[1, 2, " + seed + "]");
            case DEEP_NESTING -> utf8("[" + BadBodies.nested(40 + seed % 200, "1") + "]");
            case FOREIGN_CONTENT_TYPE -> utf8("hello " + id);
            case FORM_CONTENT -> utf8("a=1&b=" + seed);
            case HUGE -> BadBodies.huge(BadRpcRequest.HUGE_BYTES, "[", "]");
        };
    }
}
